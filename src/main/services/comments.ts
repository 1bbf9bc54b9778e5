import { randomUUID } from 'node:crypto';
import type { Comment } from '../../contract/calls.ts';
import { ApiError } from '../../contract/errors.ts';
import { findProfile } from './profiles.ts';
import { getSettings } from './settings.ts';
import type { Store } from './store/store.ts';

/**
 * Review comments pinned to moments of an attempt. Directors may always comment; trainees when
 * the workstation's setting allows it. Comments are shown to everyone who opens the replay,
 * the trainee whose attempt it is included.
 */
export function addComment(
  store: Store,
  input: { attemptId: string; authorProfileId: string; step: number; text: string },
  now: () => Date,
): Comment {
  return store.transaction(() => {
    const author = findProfile(store, input.authorProfileId);
    if (!author) throw new ApiError('not-found', `authorProfileId: no profile with id ${input.authorProfileId}.`);
    if (author.role === 'trainee' && !getSettings(store).traineesMayComment) {
      throw new ApiError(
        'forbidden',
        'Trainees may not comment on replays on this workstation (a director can allow it in Settings).',
      );
    }
    const attempt = store.db.prepare('SELECT total_steps FROM attempts WHERE id = ?').get(input.attemptId) as
      { total_steps: number } | undefined;
    if (!attempt) throw new ApiError('not-found', `attemptId: there is no attempt with id ${input.attemptId}.`);
    if (input.step > attempt.total_steps) {
      throw new ApiError(
        'invalid-input',
        `step: ${input.step} is after the end of the attempt (${attempt.total_steps}).`,
      );
    }
    const comment: Comment = {
      id: randomUUID(),
      attemptId: input.attemptId,
      authorProfileId: author.id,
      authorName: author.displayName,
      authorRole: author.role,
      step: input.step,
      text: input.text,
      createdAt: now().toISOString(),
    };
    store.db
      .prepare(
        'INSERT INTO attempt_comments (id, attempt_id, author_profile_id, step, text, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(comment.id, comment.attemptId, comment.authorProfileId, comment.step, comment.text, comment.createdAt);
    return comment;
  });
}

export function listComments(store: Store, attemptId: string): Comment[] {
  const rows = store.db
    .prepare(
      `SELECT c.id, c.attempt_id, c.author_profile_id, p.display_name, p.role, c.step, c.text, c.created_at
         FROM attempt_comments c JOIN profiles p ON p.id = c.author_profile_id
        WHERE c.attempt_id = ? ORDER BY c.step, c.created_at, c.id`,
    )
    .all(attemptId) as unknown as {
    id: string;
    attempt_id: string;
    author_profile_id: string;
    display_name: string;
    role: 'trainee' | 'director';
    step: number;
    text: string;
    created_at: string;
  }[];
  return rows.map((row) => ({
    id: row.id,
    attemptId: row.attempt_id,
    authorProfileId: row.author_profile_id,
    authorName: row.display_name,
    authorRole: row.role,
    step: row.step,
    text: row.text,
    createdAt: row.created_at,
  }));
}
