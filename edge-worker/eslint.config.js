import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "test/.logs/", "dist/", ".wrangler/"] },
  js.configs.recommended,
  {
    // The pure core may use plain ECMAScript only: no Workers or browser globals (see src/core/README.md).
    files: ["src/core/**/*.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: {} },
    // Java's trim() and \s are defined over control characters; the twins match them character for character.
    rules: { "no-control-regex": "off" },
  },
  {
    files: ["src/**/*.js", "test/**/*.js"],
    ignores: ["src/core/**/*.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: { ...globals.serviceworker } },
  },
  {
    files: ["test/setup/**/*.js", "*.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
];
