import { describe, expect, it } from 'vitest';
import type { FilmChange } from '../../../kernel/context.js';
import { notifyFilmChange } from './film-changes.js';

describe('film change listeners', () => {
  it('reach every listener in order, even after one fails, and log the failure', async () => {
    const seen: string[] = [];
    const logged: unknown[] = [];
    const ctx = {
      filmChangeListeners: [
        async (c: FilmChange) => void seen.push(`a:${c.kind}:${c.filmId}`),
        async () => {
          throw new Error('index offline');
        },
        async (c: FilmChange) => void seen.push(`c:${c.kind}:${c.filmId}`),
      ],
    };
    await notifyFilmChange(
      ctx,
      { error: (...args: unknown[]) => void logged.push(args) },
      { filmId: 7, kind: 'updated' },
    );
    expect(seen).toEqual(['a:updated:7', 'c:updated:7']);
    expect(logged).toHaveLength(1);
  });
});
