import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'utils/**/*.test.ts', 'entrypoints/**/*.test.ts', 'scripts/**/*.test.ts'],
    restoreMocks: true,
  },
});
