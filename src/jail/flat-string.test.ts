import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flatString } from './flat-string.js';

describe('flatString', () => {
  it('copies ASCII, other scripts, astral characters and lone surrogates unchanged', () => {
    const chunk = `${'x'.repeat(40)}\nRegistration from 'é€😀' failed\n${'y'.repeat(20)}\ud800 lone\n`;
    for (const line of chunk.split('\n')) assert.equal(flatString(line), line);
    assert.equal(flatString('short'), 'short');
  });
});
