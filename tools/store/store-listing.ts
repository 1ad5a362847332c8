/**
 * The store texts of `store/<lang>/` read as data: the sections of a listing, the permissions a justification file
 * names, the "Backed by:" references of each section, and the permissions a built manifest asks for. The release
 * check and the unit tests compare them, so that a listing can say nothing the manifest or docs/ do not back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STORE_LANGUAGES = ['en', 'ko'] as const;

export interface Section {
  /** The heading's text, without the `#`s. */
  title: string;
  level: number;
  /** The lines under the heading up to the next heading of any level, trimmed. */
  body: string;
}

/** The headed sections of a Markdown text (ATX headings outside fenced code). */
export function sectionsOf(markdown: string): Section[] {
  const sections: Section[] = [];
  let fenced = false;
  let current: { title: string; level: number; lines: string[] } | null = null;
  const close = () => {
    if (current) sections.push({ title: current.title, level: current.level, body: current.lines.join('\n').trim() });
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      close();
      current = { title: heading[2]!, level: heading[1]!.length, lines: [] };
    } else current?.lines.push(line);
  }
  close();
  return sections;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** The `###` headings under the `##` heading `group` (e.g. "Permissions", "Host permissions"). */
export function namesUnder(markdown: string, group: string): string[] {
  const names: string[] = [];
  let inside = false;
  for (const s of sectionsOf(markdown)) {
    if (s.level <= 2) inside = s.level === 2 && s.title === group;
    else if (inside && s.level === 3) names.push(s.title);
  }
  return names;
}

/** The text of the first section titled `title`, without its "Backed by:" line. */
export function sectionText(markdown: string, title: string): string | undefined {
  const section = sectionsOf(markdown).find((s) => s.title === title);
  return section?.body
    .split('\n')
    .filter((line) => !line.startsWith('Backed by:'))
    .join('\n')
    .trim();
}

/** Every "Backed by:" reference of a text, as `docs/x.md#anchor`, with the section it backs. */
export function backingOf(markdown: string): { section: string; ref: string }[] {
  return sectionsOf(markdown).flatMap((s) =>
    s.body
      .split('\n')
      .filter((line) => line.startsWith('Backed by:'))
      .flatMap((line) => line.slice('Backed by:'.length).split(','))
      .map((ref) => ({ section: s.title, ref: ref.trim() }))
      .filter((r) => r.ref),
  );
}

/** Sections that state no fact about the extension, so need no backing. */
const UNCLAIMED = new Set(['Name', 'Category']);

/** The sections of a text that make claims (levels 2 and 3) and have no "Backed by:" line. */
export function unbackedSections(markdown: string): string[] {
  return sectionsOf(markdown)
    .filter((s) => s.level >= 2 && !UNCLAIMED.has(s.title) && s.body && !s.body.includes('Backed by:'))
    .map((s) => s.title);
}

/** Whether `ref` (`docs/x.md#anchor`) names an existing file and, if it has one, an existing heading in it. */
export function refExists(root: string, ref: string): boolean {
  const [file, anchor] = ref.split('#');
  let text: string;
  try {
    text = readFileSync(join(root, file!), 'utf8');
  } catch {
    return false;
  }
  return !anchor || sectionsOf(text).some((s) => anchorOf(s.title) === anchor);
}

export interface ManifestAccess {
  /** API permissions (`storage`, `alarms`…). */
  permissions: string[];
  /** Host permissions and content-script match patterns: what the install prompt shows as site access. */
  hosts: string[];
}

interface ManifestLike {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
}

const isHostPattern = (p: string) => p === '<all_urls>' || p.includes('://');

/** What a manifest (MV3, or MV2 where hosts sit among the permissions) asks for, sorted and without duplicates. */
export function manifestAccess(manifest: ManifestLike): ManifestAccess {
  const all = [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])];
  const hosts = [
    ...all.filter(isHostPattern),
    ...(manifest.host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []),
  ];
  const unique = (xs: string[]) => [...new Set(xs)].sort();
  return { permissions: unique(all.filter((p) => !isHostPattern(p))), hosts: unique(hosts) };
}

/** What a justification file (`store/<lang>/permissions.md`) justifies. */
export function justifiedAccess(markdown: string): ManifestAccess {
  return {
    permissions: [...namesUnder(markdown, 'Permissions')].sort(),
    hosts: [...namesUnder(markdown, 'Host permissions')].sort(),
  };
}
