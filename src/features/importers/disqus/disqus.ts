/** What the Disqus reader hands on: fields as the export wrote them (XML-decoded, still untrusted). */

export interface DisqusThread {
  position: string;
  /** Disqus's internal id (`dsq:id`): posts name their thread by it. */
  id: string;
  forum: string;
  link: string;
  title: string;
}

export interface DisqusPost {
  position: string;
  id: string;
  threadId: string;
  /** The parent post's `dsq:id`, or "" at the top of a thread. */
  parentId: string;
  /** HTML. */
  message: string;
  createdAt: string;
  authorName: string;
  authorEmail: string;
  ip: string;
  isDeleted: boolean;
  isSpam: boolean;
  /** False only when the export says `<isApproved>false</isApproved>` (held for moderation). */
  isApproved: boolean;
}

export type DisqusEvent = { kind: 'thread'; thread: DisqusThread } | { kind: 'post'; post: DisqusPost };

/** A file that is not a readable Disqus export; the message names the line. */
export class DisqusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DisqusError';
  }
}
