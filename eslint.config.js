// Lint rules for the whole workspace. Layering is checked separately by dependency-cruiser (`pnpm layers`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/.vite/**', 'coverage/**', '**/*.d.ts.map'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The public plugin API must never leak `any` to plugin authors; DOM-free layers must not touch the DOM.
    files: ['packages/{model,sim,analysis,plugin-api}/src/**/*.ts'],
    languageOptions: { globals: { ...globals.es2023 } },
  },
  {
    files: ['**/*.test.ts', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
