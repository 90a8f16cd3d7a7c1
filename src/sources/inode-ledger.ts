/**
 * Which inodes a group of followers has open, and where reading of closed ones stopped: lets a glob
 * recognise a rotated file (`messages` renamed to `messages.1`) and go on after what was read of it
 * instead of reading it again as a new file.
 */
import type { FilePosition } from '../core/records.js';

const REMEMBERED = 4096;

export class InodeLedger {
  private readonly open = new Map<string, number>();
  private readonly stopped = new Map<string, FilePosition>();

  opened(inode: string): void {
    this.open.set(inode, (this.open.get(inode) ?? 0) + 1);
  }

  /** The follower closed the file after reading up to `position`. */
  closed(inode: string, position: FilePosition): void {
    const count = (this.open.get(inode) ?? 0) - 1;
    if (count > 0) this.open.set(inode, count);
    else this.open.delete(inode);
    this.stopped.delete(inode);
    this.stopped.set(inode, position);
    if (this.stopped.size > REMEMBERED) this.stopped.delete(this.stopped.keys().next().value as string);
  }

  isOpen(inode: string): boolean {
    return this.open.has(inode);
  }

  /** Where reading of this inode stopped when it was last closed; undefined if never read. */
  stoppedAt(inode: string): FilePosition | undefined {
    return this.stopped.get(inode);
  }
}
