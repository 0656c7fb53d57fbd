// Copies the bundled third-party assets out of node_modules, where they are committed, so
// `go build` never needs npm: the Vazirmatn font into ../static (embedded in the binary, so the
// page never fetches a font at run time) and axe-core into ../webtest (injected by the browser
// tests only; the public pages carry no script).
import { copyFileSync, mkdirSync } from "node:fs";

const copy = (pkg, to, files) => {
  const out = new URL(to, import.meta.url);
  mkdirSync(out, { recursive: true });
  const from = new URL(`./node_modules/${pkg}/`, import.meta.url);
  for (const [src, dst] of files) copyFileSync(new URL(src, from), new URL(dst, out));
};

copy("vazirmatn", "../static/fonts/", [
  ["fonts/webfonts/Vazirmatn-Regular.woff2", "Vazirmatn-Regular.woff2"],
  ["fonts/webfonts/Vazirmatn-Bold.woff2", "Vazirmatn-Bold.woff2"],
  ["OFL.txt", "Vazirmatn-OFL.txt"],
]);
copy("axe-core", "../webtest/axe/", [
  ["axe.min.js", "axe.min.js"],
  ["LICENSE", "LICENSE"],
]);
