import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEFAULT_SERVER, PASSWORD, databaseUrl, ensureDataset, pickSubjects, withClient, type Subjects as ServerSubjects } from "./datasets";
import { signIn, timedGet } from "./http";
import { startServer, type RunningServer } from "./server";
import { markdownTable, writeBetweenMarkers } from "./markdown";
import { ms, summary } from "./stats";

/*
 * npm run bench:browser -- [--datasets demo,1m] [--runs 10] [--only "Payment Balancing"] [--skip-build] [--out BENCHMARKS.md]
 *
 * What the user waits for, in Debian's Chromium driven by Playwright against the production
 * build: for each report page, navigation to the first grid row and to interactive (a sort
 * clicked the moment the grid is up has answered), the in-page actions (sort, next page, add
 * group, expand group, open the drill-down), and the JavaScript and HTML bytes a first visit
 * transfers. Beside each page, the server's time to the last byte of the same page's HTML,
 * and the ratio of the two.
 *
 * Runs are warm: each page is loaded twice first, then every run opens a new tab in the same
 * signed-in browser, as a billing user working through the day does (the HTTP cache holds
 * the scripts, Chromium its compiled code). Bytes are measured on a first visit, in a fresh
 * browser context with an empty cache.
 */

const { values: args } = parseArgs({
  options: {
    datasets: { type: "string", default: "demo,1m" },
    runs: { type: "string", default: "10" },
    /** Only the pages and actions whose name (or page's name) contains this text: for trying one change quickly. */
    only: { type: "string", default: "" },
    "skip-build": { type: "boolean", default: false },
    out: { type: "string", default: "BENCHMARKS.md" },
    server: { type: "string", default: DEFAULT_SERVER },
  },
});
const RUNS = Number(args.runs);
const WARM_UPS = 2;
const ACTION_TIMEOUT_MS = 30_000;

/**
 * A grid's first body row: AG Grid's once it has run, or a row of the table the server
 * renders in its place until then (components/reports/ReportGrid.tsx).
 */
const FIRST_ROW = ".ag-grid-scrolling-container .ag-row, [data-grid-preview] tbody tr";
/** A running AG Grid. */
const GRID = ".ag-root-wrapper";
/** A row of a running AG Grid: the grid can be sorted, paged and grouped. */
const LIVE_ROW = ".ag-grid-scrolling-container .ag-row";

interface ReportPage {
  name: string;
  user: "admin" | "poster";
  path: string;
  /** The col-id of a header whose sort visibly reorders this page's rows. */
  sortColumn: string;
}

/** The server benchmark's subjects, and what only the browser's pages need. */
interface Subjects extends ServerSubjects {
  paymentId: number;
  /** The `open=` value of the month's busiest poster's group. */
  openPoster: string;
}

function reportPages(s: Subjects): ReportPage[] {
  const month = `by=deposit&from=${s.from}&to=${s.to}`;
  const batch = `/payments/my-activity/batches/${encodeURIComponent(s.busyBatchNumber)}`;
  return [
    { name: "My Payment Activity, one month", user: "poster", path: `/payments/my-activity?${month}`, sortColumn: "postedTotalCents" },
    { name: "… one batch By Check", user: "poster", path: `${batch}?view=check`, sortColumn: "amountCents" },
    { name: "… one batch, All lines", user: "poster", path: `${batch}?view=all`, sortColumn: "paidCents" },
    { name: "Payment Balancing, one month", user: "admin", path: `/payments/balancing?${month}`, sortColumn: "amount" },
    {
      name: "… grouped by poster, one open",
      user: "admin",
      path: `/payments/balancing?${month}&group=poster&open=${encodeURIComponent(s.openPoster)}`,
      sortColumn: "amount",
    },
    {
      name: "… year to date",
      user: "admin",
      path: `/payments/balancing?by=deposit&from=${s.from.slice(0, 4)}-01-01&to=${s.to}`,
      sortColumn: "amount",
    },
    { name: "Full Access, one month", user: "admin", path: `/payments/balancing/full-access?${month}`, sortColumn: "amount" },
    {
      name: "Payment drill-down",
      user: "admin",
      path: `/payments/balancing/payments/${s.paymentId}?${month}`,
      sortColumn: "paidCents",
    },
  ];
}

/**
 * The month, poster and batch the server benchmark uses, that month's payment with the most
 * lines, and the busiest poster's group (the grid's `open=` value is the poster's id).
 */
async function benchSubjects(url: string): Promise<Subjects> {
  const picked = await pickSubjects(url);
  const openPoster = await withClient(url, async (client) => {
    const { rows } = await client.query("select id from app_user where email = $1", [picked.busyPosterEmail]);
    return String(rows[0].id);
  });
  const paymentId = await withClient(url, async (client) => {
    const { rows } = await client.query(
      // Not an RCM staff member's: the standard report leaves those out, and its drill-down with them.
      `select l.payment_id as id from payment_line l join payment p on p.id = l.payment_id join app_user u on u.id = p.posted_by
       where p.practice_id = 1 and p.deposit_date between $1 and $2 and not u.is_rcm_staff
       group by l.payment_id order by count(*) desc, l.payment_id limit 1`,
      [picked.from, picked.to],
    );
    return rows[0].id as number;
  });
  return { ...picked, paymentId, openPoster };
}

/*
 * In the page, before any of its scripts: the time the first grid row appears (ms since
 * navigation start), and the helpers the timed actions use. Plain JavaScript: it is sent as
 * source, not compiled with this file.
 */
const IN_PAGE = `
(() => {
  const bench = (window.__bench = { firstRowAt: null, liveRowAt: null });
  const observer = new MutationObserver(() => {
    if (bench.firstRowAt === null && document.querySelector(${JSON.stringify(FIRST_ROW)})) bench.firstRowAt = performance.now();
    if (bench.liveRowAt === null && document.querySelector(${JSON.stringify(LIVE_ROW)})) {
      bench.liveRowAt = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  bench.gridText = () => Array.from(document.querySelectorAll(".ag-grid-scrolling-container")).map((e) => e.textContent).join("|");
  bench.busy = () => document.querySelector('[aria-busy="true"]') !== null;
  bench.find = (selector) => {
    const element = document.querySelector(selector);
    if (!element) throw new Error("nothing matches " + selector);
    return element;
  };
  /** Resolves with the time at which done() first holds and the page has painted, or rejects after the timeout. */
  bench.until = async (done, timeoutMs) => {
    const started = performance.now();
    for (;;) {
      if (done() && !bench.busy()) {
        await frame();
        return performance.now();
      }
      if (performance.now() - started > timeoutMs) throw new Error("timed out");
      await frame();
    }
  };
})();
`;

declare global {
  interface Window {
    __bench: {
      firstRowAt: number | null;
      liveRowAt: number | null;
      gridText(): string;
      busy(): boolean;
      find(selector: string): HTMLElement;
      until(done: () => boolean, timeoutMs: number): Promise<number>;
    };
  }
}

async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__bench?.liveRowAt !== null, null, { timeout: ACTION_TIMEOUT_MS, polling: "raf" });
  return page;
}

interface Navigation {
  firstRow: number;
  interactive: number;
}

/** One navigation: until the first row shows, then a header sort clicked as soon as the grid runs, until it answers. */
async function navigateAndSort(context: BrowserContext, url: string, sortColumn: string): Promise<Navigation> {
  const page = await openPage(context, url);
  try {
    const firstRow = await page.evaluate(() => window.__bench.firstRowAt!);
    const interactive = await page.evaluate(
      async ({ column, timeout }) => {
        const header = document.querySelector<HTMLElement>(`.ag-header-cell[col-id="${column}"] .ag-header-cell-label`);
        if (!header) throw new Error(`no header ${column}`);
        const before = window.__bench.gridText();
        header.click();
        return window.__bench.until(() => window.__bench.gridText() !== before, timeout);
      },
      { column: sortColumn, timeout: ACTION_TIMEOUT_MS },
    );
    return { firstRow, interactive };
  } finally {
    await page.close();
  }
}

/** An action in the page: what starts it, and what shows it has been answered. */
interface InPageAction {
  /** Clicks the element, or for "add group" picks the level and confirms it. */
  start: { click: string } | { addGroupingLevel: string };
  /**
   * "rows": the grid's text changed; "rows and url": that, and the URL; else the new page
   * shown: its path, its own heading and a running grid (a payment may have no lines).
   */
  answered: "rows" | "rows and url" | { pathIncludes: string };
}

interface PageAction {
  name: string;
  page: ReportPage;
  action: InPageAction;
}

/** Times, in the page, from starting an action to the frame after its answer is in the page. */
function timeInPage(page: Page, action: InPageAction): Promise<number> {
  return page.evaluate(
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    async ({ action, grid, timeout }) => {
      const bench = window.__bench;
      const before = { text: bench.gridText(), url: location.href, heading: document.querySelector("h1")?.textContent };
      const started = performance.now();
      if ("click" in action.start) {
        bench.find(action.start.click).click();
      } else {
        // The level is chosen first, then added with its button (React has re-rendered in between: a change is a discrete event).
        const select = bench.find('select[aria-label="Level to add"]') as HTMLSelectElement;
        select.value = action.start.addGroupingLevel;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        const add = Array.from(document.querySelectorAll<HTMLButtonElement>(".grouping button")).find((button) => button.textContent?.includes("Add level"));
        if (!add) throw new Error("no Add level button");
        add.click();
      }
      const { answered } = action;
      const at = await bench.until(
        () =>
          answered === "rows"
            ? bench.gridText() !== before.text
            : answered === "rows and url"
              ? bench.gridText() !== before.text && location.href !== before.url
              : location.pathname.includes(answered.pathIncludes) &&
                document.querySelector("h1")?.textContent !== before.heading &&
                document.querySelector(grid) !== null,
        timeout,
      );
      return at - started;
    },
    { action, grid: GRID, timeout: ACTION_TIMEOUT_MS },
  );
}

const header = (column: string) => `.ag-header-cell[col-id="${column}"] .ag-header-cell-label`;

function pageActions(pages: ReportPage[]): PageAction[] {
  const [myActivity, , , balancing] = pages as [ReportPage, ReportPage, ReportPage, ReportPage];
  // Every location of the month collapsed: there is always one to expand (a small practice's month may have one poster).
  const byLocation: ReportPage = { ...balancing, name: "… grouped by location", path: `${balancing.path}&group=location` };
  return [
    { name: "sort (Amount)", page: balancing, action: { start: { click: header("amount") }, answered: "rows and url" } },
    { name: "next page", page: balancing, action: { start: { click: 'nav.pager a[href*="page=2"]' }, answered: "rows and url" } },
    { name: "add group (Poster)", page: balancing, action: { start: { addGroupingLevel: "poster" }, answered: "rows and url" } },
    { name: "expand group", page: byLocation, action: { start: { click: '.group-toggle[aria-expanded="false"]' }, answered: "rows and url" } },
    {
      name: "open drill-down",
      page: balancing,
      action: {
        start: { click: '.ag-grid-scrolling-container a[href*="/payments/balancing/payments/"]' },
        answered: { pathIncludes: "/payments/balancing/payments/" },
      },
    },
    { name: "sort (Posted total)", page: myActivity, action: { start: { click: header("postedTotalCents") }, answered: "rows" } },
    {
      name: "open a batch",
      page: myActivity,
      action: {
        start: { click: '.ag-grid-scrolling-container a[href*="/payments/my-activity/batches/"]' },
        answered: { pathIncludes: "/payments/my-activity/batches/" },
      },
    },
  ];
}

interface Transfer {
  /** All the JavaScript of a first visit, the grid's chunk included. */
  scriptBytes: number;
  /** The scripts the HTML names: what the page needs to hydrate, before the grid's chunk. */
  pageScriptBytes: number;
  documentBytes: number;
  /** Router prefetches started within a second of the grid running. */
  prefetches: number;
}

/** A first visit in an empty browser context: what it downloads (as sent, i.e. compressed). */
async function firstVisit(browser: Browser, baseUrl: string, cookie: string, path: string): Promise<Transfer> {
  const context = await signedInContext(browser, baseUrl, cookie);
  const page = await context.newPage();
  const sizes: Array<Promise<{ url: string; type: string; bytes: number; prefetch: boolean }>> = [];
  page.on("requestfinished", (request) => {
    sizes.push(
      request.sizes().then((size) => ({
        url: request.url(),
        type: request.resourceType(),
        bytes: size.responseBodySize,
        prefetch: request.headers()["next-router-prefetch"] === "1",
      })),
    );
  });
  try {
    const response = await page.goto(`${baseUrl}${path}`, { waitUntil: "commit" });
    const html = (await response?.text()) ?? "";
    const named = new Set(Array.from(html.matchAll(/<script[^>]+src="([^"]+)"/g), (match) => new URL(match[1]!, baseUrl).href));
    await page.waitForFunction(() => window.__bench?.liveRowAt !== null, null, { timeout: ACTION_TIMEOUT_MS, polling: "raf" });
    await page.waitForTimeout(1000);
    const done = await Promise.all(sizes);
    const sum = (list: typeof done) => list.reduce((total, s) => total + s.bytes, 0);
    const scripts = done.filter((s) => s.type === "script");
    return {
      scriptBytes: sum(scripts),
      pageScriptBytes: sum(scripts.filter((s) => named.has(s.url))),
      documentBytes: sum(done.filter((s) => s.type === "document")),
      prefetches: done.filter((s) => s.prefetch).length,
    };
  } finally {
    await context.close();
  }
}

async function signedInContext(browser: Browser, baseUrl: string, cookie: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, ...value] = cookie.split("=");
  await context.addCookies([{ name: name!, value: value.join("="), url: baseUrl }]);
  await context.addInitScript(IN_PAGE);
  return context;
}

interface PageResult {
  name: string;
  serverHtml: { p50: number; p95: number };
  firstRow: { p50: number; p95: number };
  interactive: { p50: number; p95: number };
  transfer: Transfer;
}

async function measurePage(browser: Browser, server: RunningServer, cookie: string, report: ReportPage): Promise<PageResult> {
  const url = `${server.baseUrl}${report.path}`;
  const html: number[] = [];
  for (let run = 0; run < WARM_UPS + RUNS; run++) {
    const timed = await timedGet(url, cookie);
    if (timed.status !== 200) throw new Error(`${report.name}: HTTP ${timed.status}`);
    if (run >= WARM_UPS) html.push(timed.ms);
  }
  const context = await signedInContext(browser, server.baseUrl, cookie);
  const firstRows: number[] = [];
  const interactives: number[] = [];
  try {
    for (let run = 0; run < WARM_UPS + RUNS; run++) {
      const navigation = await navigateAndSort(context, url, report.sortColumn);
      if (run < WARM_UPS) continue;
      firstRows.push(navigation.firstRow);
      interactives.push(navigation.interactive);
    }
  } finally {
    await context.close();
  }
  const transfer = await firstVisit(browser, server.baseUrl, cookie, report.path);
  return { name: report.name, serverHtml: summary(html), firstRow: summary(firstRows), interactive: summary(interactives), transfer };
}

interface ActionResult {
  name: string;
  pageName: string;
  time: { p50: number; p95: number };
}

async function measureAction(browser: Browser, server: RunningServer, cookie: string, action: PageAction): Promise<ActionResult> {
  const context = await signedInContext(browser, server.baseUrl, cookie);
  const samples: number[] = [];
  try {
    for (let run = 0; run < WARM_UPS + RUNS; run++) {
      const page = await openPage(context, `${server.baseUrl}${action.page.path}`);
      try {
        const elapsed = await timeInPage(page, action.action);
        if (run >= WARM_UPS) samples.push(elapsed);
      } finally {
        await page.close();
      }
    }
  } finally {
    await context.close();
  }
  return { name: action.name, pageName: action.page.name, time: summary(samples) };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

async function main() {
  const datasets = args.datasets.split(",").map((s) => s.trim());
  if (!args["skip-build"] || !existsSync(".next/BUILD_ID")) execFileSync("npx", ["next", "build"], { stdio: "inherit" });
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  const sections: string[] = [];
  try {
    for (const dataset of datasets) {
      const lines = await ensureDataset(dataset, args.server);
      const url = databaseUrl(dataset, args.server);
      const subjects = await benchSubjects(url);
      const server = await startServer(url);
      try {
        const cookies = {
          admin: await signIn(server.baseUrl, "admin@demo-pt.test", PASSWORD),
          poster: await signIn(server.baseUrl, subjects.busyPosterEmail, PASSWORD),
        };
        const pages = reportPages(subjects);
        const chosen = (name: string) => name.includes(args.only);
        const pageResults: PageResult[] = [];
        for (const report of pages.filter((page) => chosen(page.name))) {
          const result = await measurePage(browser, server, cookies[report.user], report);
          console.log(
            `[${dataset}] ${report.name}: first row p50 ${ms(result.firstRow.p50)} p95 ${ms(result.firstRow.p95)}, server ${ms(result.serverHtml.p50)}, interactive ${ms(result.interactive.p50)}, JS ${kb(result.transfer.pageScriptBytes)} + ${kb(result.transfer.scriptBytes - result.transfer.pageScriptBytes)}`,
          );
          pageResults.push(result);
        }
        const actionResults: ActionResult[] = [];
        for (const action of pageActions(pages).filter((action) => chosen(action.name) || chosen(action.page.name))) {
          const result = await measureAction(browser, server, cookies[action.page.user], action);
          console.log(`[${dataset}] ${action.name} on ${action.page.name}: p50 ${ms(result.time.p50)} p95 ${ms(result.time.p95)}`);
          actionResults.push(result);
        }
        sections.push(
          [
            `#### ${dataset} (${lines} payment lines; month ${subjects.from} to ${subjects.to})`,
            "",
            markdownTable(
              [
                "page",
                "server HTML p50",
                "first row p50",
                "first row p95",
                "first row / server",
                "interactive p50",
                "interactive p95",
                "page JS (gzip)",
                "with the grid's",
                "HTML (gzip)",
                "prefetches",
              ],
              pageResults.map((r) => [
                r.name,
                ms(r.serverHtml.p50),
                ms(r.firstRow.p50),
                ms(r.firstRow.p95),
                (r.firstRow.p50 / r.serverHtml.p50).toFixed(1),
                ms(r.interactive.p50),
                ms(r.interactive.p95),
                kb(r.transfer.pageScriptBytes),
                kb(r.transfer.scriptBytes),
                kb(r.transfer.documentBytes),
                String(r.transfer.prefetches),
              ]),
            ),
            "",
            markdownTable(
              ["action", "on", "p50", "p95"],
              actionResults.map((r) => [r.name, r.pageName, ms(r.time.p50), ms(r.time.p95)]),
            ),
          ].join("\n"),
        );
      } finally {
        await server.stop();
      }
    }
  } finally {
    await browser.close();
  }

  const generated = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:browser\` on ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${RUNS} warm runs each after ${WARM_UPS} warm-ups; Chromium ${execFileSync("/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()}, 1440×900.`,
    "Times are from navigation start (or the click) to the frame after the answer is in the page. \"first row / server\" divides the browser's first-row p50 by the server's time to the last byte of the same page's HTML. \"page JS\" is the scripts the HTML names (what hydrates the page); \"with the grid's\" adds what loads after, AG Grid's chunk above all.",
    "",
    ...sections.flatMap((section) => [section, ""]),
  ].join("\n");
  writeBetweenMarkers(args.out, "bench-browser", generated);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
