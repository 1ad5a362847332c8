/**
 * A worker thread of the publisher's pool (pool.ts): reads the batches of catalogue files it is sent and answers
 * each batch with its results. Loaded through worker-boot.mjs (which makes TypeScript loadable in the thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readStory, type ReadContext, type StoryTask } from './read-story';

const { ctx } = workerData as { ctx: ReadContext };
parentPort!.on('message', async (tasks: StoryTask[]) => {
  // All at once: while one story's keys are hashed (WebCrypto, off this thread), the next is parsed.
  parentPort!.postMessage(await Promise.all(tasks.map((task) => readStory(ctx, task))));
});
parentPort!.postMessage('ready');
