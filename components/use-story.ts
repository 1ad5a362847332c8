/** The story of an id, asked of the background (which serves it from the cache or the API). */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { StoryAnswer } from '@/utils/messages';
import { askStory, takePrimedStory, takeSettledStory } from './first-reads';

/** `attempt` 0 may take the answer asked before the view rendered (first-reads.ts); a retry always asks again. */
export function useStory(id: string | undefined, attempt = 0): StoryAnswer | undefined {
  const [answer, setAnswer] = useState<StoryAnswer | undefined>(() =>
    id && attempt === 0 ? takeSettledStory(id) : undefined,
  );
  const firstRun = useRef(true);
  const askedFor = useRef(id);
  useEffect(() => {
    const first = firstRun.current;
    firstRun.current = false;
    if (first && answer !== undefined) return; // the first render had it already
    // Trying the same story again after a failure keeps the failure in view until the new answer (no flicker).
    const retrying = askedFor.current === id && answer !== undefined && !answer.ok;
    askedFor.current = id;
    if (!retrying) setAnswer(undefined);
    if (!id) return;
    const asked = (attempt === 0 ? takePrimedStory(id) : undefined) ?? askStory(id);
    let alive = true;
    void asked.then((a) => alive && setAnswer(a));
    return () => {
      alive = false;
    };
  }, [id, attempt]);
  return answer;
}
