export { PbxModel } from './pbx-model';
export type { ModelListener, PbxModelOptions } from './pbx-model';

import { PbxModel } from './pbx-model';
import type { PbxModelOptions } from './pbx-model';

export function createPbxModel(options: PbxModelOptions = {}): PbxModel {
  return new PbxModel(options);
}
