/** The story of an id, asked of the background (which serves it from the cache or the API). */
import { useEffect, useState } from 'preact/hooks';
import { sendMessage, type StoryAnswer } from '@/utils/messaging';

export function useStory(id: string | undefined, attempt = 0): StoryAnswer | undefined {
  const [answer, setAnswer] = useState<StoryAnswer | undefined>(undefined);
  useEffect(() => {
    setAnswer(undefined);
    if (!id) return;
    let alive = true;
    sendMessage('getStory', id).then(
      (a) => alive && setAnswer(a),
      (err: unknown) => alive && setAnswer({ ok: false, kind: 'unknown', message: String(err) }),
    );
    return () => {
      alive = false;
    };
  }, [id, attempt]);
  return answer;
}
