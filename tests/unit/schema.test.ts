import { describe, expect, it } from 'vitest';
import { parseStory } from '../../utils/prism/schema';
describe('smoke', () => { it('rejects an empty object', () => { expect(parseStory({}).ok).toBe(false); }); });
