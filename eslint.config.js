// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Type-aware linting (typescript-eslint's recommended-type-checked rules), chiefly for promises: a
 * promise nobody awaits or catches (no-floating-promises) and an async function where a void
 * callback is expected (no-misused-promises) lose errors silently in a bot that must keep running.
 */
export default tseslint.config(
  { ignores: ['node_modules/', 'index/', 'models/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // An async function without await is how an interface that returns promises is implemented
      // synchronously (the n-gram embedder), and it turns a throw into a rejection: keep it allowed.
      '@typescript-eslint/require-await': 'off',
      // `const { paragraphs: _, ...meta } = article` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // Stripping control characters from untrusted text is a job of this project (src/text/controls.ts).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests and the bot bench read JSON payloads (the fake Discord's requests, log lines) whose shape
    // is the assertion itself; typing each one would only restate the expectations.
    files: ['test/**', 'scripts/bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
);
