import { describe, expect, it } from 'vitest';
import { withArticle } from './plain-words.js';

describe('withArticle', () => {
  it('chooses a or an by the sound of the first word', () => {
    expect(withArticle('infusion pump')).toBe('an infusion pump');
    expect(withArticle('patient monitor')).toBe('a patient monitor');
    expect(withArticle('administrative device')).toBe('an administrative device');
    expect(withArticle('X-ray')).toBe('an X-ray');
    expect(withArticle('MR scanner')).toBe('an MR scanner');
    expect(withArticle('PACS')).toBe('a PACS');
    expect(withArticle('CT scanner')).toBe('a CT scanner');
    expect(withArticle('high finding')).toBe('a high finding');
    expect(withArticle('Debian build')).toBe('a Debian build');
    expect(withArticle('Ubuntu build')).toBe('an Ubuntu build');
  });
});
