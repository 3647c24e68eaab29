import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { ApiBody } from '@ondeck/shared';
import type { divisionSchema, memberCreateSchema, memberUpdateSchema, overrideSchema, pinSchema, scheduleSchema, takeoverSchema } from './oncall.schemas';

/**
 * The bodies the contract lets the client send must be what the routes' schemas accept: the
 * schemas live on the server (they know more rules), so the compiler links the two here.
 */
describe('on-call request bodies of the shared contract', () => {
  it('fit the schemas the routes validate them with', () => {
    expectTypeOf<ApiBody<'oncall.takeover'>>().toExtend<z.input<typeof takeoverSchema>>();
    expectTypeOf<ApiBody<'oncall.createDivision'>>().toExtend<z.input<typeof divisionSchema>>();
    expectTypeOf<ApiBody<'oncall.updateDivision'>>().toExtend<z.input<typeof divisionSchema>>();
    expectTypeOf<ApiBody<'oncall.createMember'>>().toExtend<z.input<typeof memberCreateSchema>>();
    expectTypeOf<ApiBody<'oncall.updateMember'>>().toExtend<z.input<typeof memberUpdateSchema>>();
    expectTypeOf<ApiBody<'oncall.setPin'>>().toExtend<z.input<typeof pinSchema>>();
    expectTypeOf<ApiBody<'oncall.saveSchedule'>>().toExtend<z.input<typeof scheduleSchema>>();
    expectTypeOf<ApiBody<'oncall.addOverride'>>().toExtend<z.input<typeof overrideSchema>>();
  });
});
