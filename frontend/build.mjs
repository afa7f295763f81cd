// Builds the card into the one module shipped with the integration (scripts/build-card).
// The output is reproducible byte for byte: CI builds it again and compares with the committed file.
// `node build.mjs [OUTFILE]`: elsewhere than the shipped file (the comparison's copy).
import { build } from "esbuild";

const SHIPPED = "../custom_components/status_tracker/frontend/status-tracker-card.js";

await build({
  entryPoints: ["src/index.ts"],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "eof",
  charset: "utf8",
  outfile: process.argv[2] ?? SHIPPED,
  logLevel: "warning",
});
