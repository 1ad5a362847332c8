/**
 * The reference PRISM publisher, as a pure function: story files in, the static API's files out.
 * scripts/prism-publish.ts is the command around it.
 */
import { API_VERSION, parseStory, type LookupShard, type Story } from './schema';
import { keyPrefix, storyKeys, titleKey as titleKeyOf } from './keys';

export interface SourceFile {
  /** File name, e.g. `belarus-pivot.json`; the story id must be its stem. */
  name: string;
  text: string;
}

export interface PublishProblem {
  file: string;
  path: string;
  message: string;
}

export type PublishResult =
  | { ok: true; files: Map<string, string>; stories: number; keys: number; warnings: PublishProblem[] }
  | { ok: false; problems: PublishProblem[] };

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function publish(sources: SourceFile[], now: Date = new Date()): Promise<PublishResult> {
  const problems: PublishProblem[] = [];
  const warnings: PublishProblem[] = [];
  const stories: { file: string; story: Story }[] = [];

  for (const { name, text } of sources) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      problems.push({ file: name, path: '(file)', message: `not valid JSON (${(err as Error).message})` });
      continue;
    }
    const parsed = parseStory(data);
    if (!parsed.ok) {
      for (const p of parsed.problems) problems.push({ file: name, ...p });
      continue;
    }
    const stem = name.replace(/\.json$/i, '');
    if (parsed.value.id !== stem) {
      problems.push({ file: name, path: 'id', message: `is "${parsed.value.id}" but the file is named ${name}` });
      continue;
    }
    stories.push({ file: name, story: parsed.value });
  }

  // Every key must lead to one story: two stories claiming one source URL is an error in the catalogue.
  const owner = new Map<string, { story: string; file: string }>();
  for (const { file, story } of stories) {
    const keys = await storyKeys(story);
    const titleKey = await titleKeyOf(story.source.title, story.source.publisher);
    for (const key of keys) {
      const prev = owner.get(key);
      if (prev && prev.story !== story.id) {
        problems.push({
          file,
          path: key === titleKey ? 'source.title' : 'source.url/aliases',
          message: `gives the same lookup key as story "${prev.story}" (${prev.file})`,
        });
      } else owner.set(key, { story: story.id, file });
    }
  }

  const ids = new Set(stories.map((s) => s.story.id));
  for (const { file, story } of stories) {
    story.related.forEach((r, i) => {
      if (!ids.has(r.id)) warnings.push({ file, path: `related.${i}.id`, message: `"${r.id}" is not in this catalogue` });
    });
  }

  if (problems.length > 0) return { ok: false, problems };

  const files = new Map<string, string>();
  const shards = new Map<string, LookupShard['entries']>();
  for (const [key, { story }] of owner) {
    const prefix = keyPrefix(key);
    const entries = shards.get(prefix) ?? [];
    entries.push({ key, story });
    shards.set(prefix, entries);
  }
  for (const [prefix, entries] of [...shards].sort(([a], [b]) => a.localeCompare(b))) {
    entries.sort((a, b) => a.key.localeCompare(b.key));
    files.set(`v1/lookup/${prefix}.json`, json({ v: API_VERSION, entries } satisfies LookupShard));
  }
  for (const { story } of stories) files.set(`v1/stories/${story.id}.json`, json(story));
  files.set('v1/meta.json', json({ v: API_VERSION, stories: stories.length, generatedAt: now.toISOString() }));

  return { ok: true, files, stories: stories.length, keys: owner.size, warnings };
}
