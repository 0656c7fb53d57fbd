// Copies the bundled third-party assets into ../static, which is embedded in the binary and
// committed, so `go build` never needs npm and the page never fetches a font at run time.
import { copyFileSync, mkdirSync } from "node:fs";

const out = new URL("../static/fonts/", import.meta.url);
mkdirSync(out, { recursive: true });
const vazirmatn = new URL("./node_modules/vazirmatn/", import.meta.url);
for (const [from, to] of [
  ["fonts/webfonts/Vazirmatn-Regular.woff2", "Vazirmatn-Regular.woff2"],
  ["fonts/webfonts/Vazirmatn-Bold.woff2", "Vazirmatn-Bold.woff2"],
  ["OFL.txt", "Vazirmatn-OFL.txt"],
]) {
  copyFileSync(new URL(from, vazirmatn), new URL(to, out));
}
