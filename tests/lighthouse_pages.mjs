// Scores pages with Lighthouse (test_lighthouse.py): node lighthouse_pages.mjs NODE_MODULES CONFIG OUT URL...
// NODE_MODULES is where npm installed lighthouse, CONFIG a Lighthouse config as JSON text; writes
// OUT/<n>.json, Lighthouse's JSON report of the n-th URL. One Node process and one browser (CHROME_PATH)
// score every page in turn: the lighthouse CLI starts both again per page and lingers seconds after.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, configText, outDir, ...urls] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const { default: lighthouse } = await load("lighthouse/core/index.js");
const chromeLauncher = await load("chrome-launcher/dist/index.js");
const config = JSON.parse(configText);
const chrome = await chromeLauncher.launch({ chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
let status = 0;
try {
  for (const [number, url] of urls.entries()) {
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error" }, config);
    writeFileSync(join(outDir, `${number}.json`), result.report);
  }
} catch (error) {
  console.error(error);
  status = 1;
} finally {
  chrome.kill();
}
process.exit(status);
