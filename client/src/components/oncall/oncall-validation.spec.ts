import { describe, expect, it } from 'vitest';
import { auditQuery } from '../../stores/oncall-api';
import { emailProblem, phoneProblem, pinProblem, timeProblem, urlProblem } from './oncall-validation';

describe('on-call validation', () => {
  it('accepts PINs of 4 to 8 digits only', () => {
    expect(pinProblem('2468')).toBeNull();
    expect(pinProblem('12345678')).toBeNull();
    for (const bad of ['', '123', '123456789', '12a4', ' 1234', '１２３４']) expect(pinProblem(bad), bad).not.toBeNull();
  });

  it('accepts E.164 numbers and extensions, rejects the rest', () => {
    expect(phoneProblem('+46701234567')).toBeNull();
    expect(phoneProblem('1002')).toBeNull();
    for (const bad of ['', '+0123456789', '+4670', '07-123', '1', '12345678901', 'abc']) expect(phoneProblem(bad), bad).not.toBeNull();
    expect(phoneProblem('', false)).toBeNull();
  });

  it('checks e-mail, URL and handover time', () => {
    expect(emailProblem('')).toBeNull();
    expect(emailProblem('no-at-sign')).not.toBeNull();
    expect(urlProblem('https://hooks.example/x')).toBeNull();
    expect(urlProblem('ftp://example/x')).not.toBeNull();
    expect(urlProblem('not a url')).not.toBeNull();
    expect(timeProblem('08:00')).toBeNull();
    expect(timeProblem('24:00')).not.toBeNull();
  });

  it('leaves empty audit filters out of the query', () => {
    expect(auditQuery({})).toBe('');
    expect(auditQuery({ type: 'member_created', division: 3, member: undefined, from: '' })).toBe('?type=member_created&division=3');
  });
});
