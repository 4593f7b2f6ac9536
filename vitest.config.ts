import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'test/readme-examples', 'test/openai-compat'],
  },
});
