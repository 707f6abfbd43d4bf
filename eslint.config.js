// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * What each folder of src/ may import from the others (docs/ARCHITECTURE.md, "Folders"); cli/ may
 * import anything. The keys are folders, the values the folders they may use.
 */
const allowed = {
  model: [],
  diagnostics: ["model"],
  fs: [],
  config: ["diagnostics", "fs", "model"],
  source: ["model"],
  mapping: ["diagnostics", "model", "source"],
  plan: ["model"],
  mbn: ["model"],
  state: ["fs", "model"],
  write: ["mbn", "model", "plan", "state"],
  report: ["model", "plan", "write"],
  engine: ["config", "fs", "mapping", "mbn", "model", "notify", "plan", "report", "source", "state", "write"],
  notify: ["config", "model", "report"],
  simulator: ["fs", "model"],
};
const folders = [...Object.keys(allowed), "cli"];
/** Third-party packages only one folder may use: the adapters behind the small interfaces. */
const owned = {
  ldapts: "source",
  undici: "mbn",
  "libphonenumber-js": "mapping",
  cosmiconfig: "config",
  nodemailer: "notify",
  ora: "cli",
};

const boundaries = Object.entries(allowed).map(([folder, may]) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        paths: Object.entries(owned)
          .filter(([, owner]) => owner !== folder)
          .map(([name, owner]) => ({ name, message: `only src/${owner}/ uses ${name}` })),
        patterns: folders
          .filter((other) => other !== folder && !may.includes(other))
          .map((other) => ({
            regex: `^(\\.\\./)+${other}/`,
            message: `src/${folder}/ may not import src/${other}/ (docs/ARCHITECTURE.md, "Folders")`,
          })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "**/*.mjs", "**/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...boundaries,
  {
    // Small files named after what they hold; short functions where the rules of a run live.
    files: ["src/**/*.ts"],
    rules: { "max-lines": ["error", { max: 250, skipBlankLines: false, skipComments: false }] },
  },
  {
    files: ["src/plan/**/*.ts", "src/write/**/*.ts", "src/engine/**/*.ts"],
    rules: { "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The core never prints or exits: it returns data and emits events; src/cli/ decides how they look.
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**"],
    rules: {
      "no-console": "error",
      "no-restricted-properties": [
        "error",
        { object: "process", property: "exit", message: "only src/cli/ ends the process" },
        { object: "process", property: "stdout", message: "only src/cli/ prints" },
        { object: "process", property: "stderr", message: "only src/cli/ prints" },
      ],
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
