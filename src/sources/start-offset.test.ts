import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOffset } from './start-offset.js';

const stored = { path: '/l', inode: '7', offset: 100, firstLineHash: 'aa' };

test('without a stored position head reads from 0 and tail from the end', () => {
  const file = { inode: '7', size: 500, firstLineHash: 'aa' };
  assert.deepEqual(startOffset(null, 'head', file), { offset: 0, reason: 'head' });
  assert.deepEqual(startOffset(null, 'tail', file), { offset: 500, reason: 'tail' });
});

test('same inode, same first line and enough bytes resume at the stored offset', () => {
  assert.deepEqual(startOffset(stored, 'tail', { inode: '7', size: 100, firstLineHash: 'aa' }), { offset: 100, reason: 'resume' });
});

test('a copy (other inode, same first line) resumes too', () => {
  assert.deepEqual(startOffset(stored, 'head', { inode: '9', size: 300, firstLineHash: 'aa' }), { offset: 100, reason: 'copied' });
});

test('a shorter file, another first line, or another inode with no first line yet are read from 0', () => {
  assert.equal(startOffset(stored, 'tail', { inode: '7', size: 99, firstLineHash: 'aa' }).reason, 'changed');
  assert.equal(startOffset(stored, 'tail', { inode: '7', size: 300, firstLineHash: 'bb' }).reason, 'changed');
  assert.equal(startOffset({ ...stored, firstLineHash: '' }, 'head', { inode: '9', size: 300, firstLineHash: '' }).offset, 0);
});
