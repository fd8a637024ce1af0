import { describe, expect, it } from 'vitest';
import { cleanNickname, generateNickname } from './nickname';

describe('generateNickname', () => {
  it('makes an adjective and an animal', () => {
    expect(generateNickname(() => 0)).toBe('Calm Otter');
    expect(generateNickname(() => 0.9999)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
  });

  it('is a valid nickname whatever the draw', () => {
    for (let i = 0; i < 50; i++) expect(cleanNickname(generateNickname())).not.toBeNull();
  });
});

describe('cleanNickname', () => {
  it('trims and accepts up to 40 characters', () => {
    expect(cleanNickname('  Ana  ')).toBe('Ana');
    expect(cleanNickname('x'.repeat(40))).toHaveLength(40);
  });

  it('refuses empty and too long names', () => {
    expect(cleanNickname('   ')).toBeNull();
    expect(cleanNickname('x'.repeat(41))).toBeNull();
  });

  it('keeps markup as the text it is', () => {
    expect(cleanNickname('<b>Ana</b>')).toBe('<b>Ana</b>');
  });
});
