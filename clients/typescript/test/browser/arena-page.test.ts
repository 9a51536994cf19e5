// The live arena page in a real headless Chromium (Debian's, driven by playwright-core), against a real engine
// started by the perf module's WebClientsProcessTest: RINGSIDE_PAGE_URL names the page, RINGSIDE_CHROMIUM the
// browser (default /usr/bin/chromium). RINGSIDE_SCREENSHOT, when set, is where a screenshot of the page goes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { RingsideClient } from "../../src/ts/index.js";

const pageUrl = process.env.RINGSIDE_PAGE_URL ?? "";
const executablePath = process.env.RINGSIDE_CHROMIUM ?? "/usr/bin/chromium";

test("the arena page: watch a room, join it, fly the own ship with the keyboard, read a round trip", async () => {
    assert.notEqual(pageUrl, "", "RINGSIDE_PAGE_URL is not set: this test needs an engine serving the page");
    assert.ok(existsSync(executablePath),
        "no Chromium at " + executablePath + ": install it (apt-get install chromium) or set RINGSIDE_CHROMIUM");
    // a player flying in a room before the page opens: the page watches that room
    const pilot = new RingsideClient({ url: pageUrl.replace(/^http/, "ws") + "ws" });
    await pilot.connect("pilot");
    const pilotRoom = await pilot.joinRoom("arena");
    const flying = setInterval(() => pilot.sendInput(1, 0.3, false), 33);
    const browser = await chromium.launch({
        executablePath,
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"],
    });
    try {
        const page = await browser.newPage({ viewport: { width: 1040, height: 760 } });
        const pageErrors: string[] = [];
        page.on("pageerror", error => pageErrors.push(error.message));
        await page.goto(pageUrl);
        await page.waitForFunction(room => {
            const data = (document.getElementById("overlay") as HTMLDivElement).dataset;
            return data.watching === room && Number(data.ships) >= 1;
        }, String(pilotRoom.roomId), { timeout: 15_000 });
        assert.match(await page.textContent("#overlay") ?? "", /watching room \d+/);

        await page.waitForFunction(() => !(document.getElementById("join") as HTMLButtonElement).disabled,
            undefined, { timeout: 15_000 });
        await page.click("#join");
        const me = () => page.evaluate(() => {
            const data = (document.getElementById("overlay") as HTMLDivElement).dataset;
            return data.meX ? { x: Number(data.meX), y: Number(data.meY) } : null;
        });
        await page.waitForFunction(() => (document.getElementById("overlay") as HTMLDivElement).dataset.meX,
            undefined, { timeout: 15_000 });
        const start = (await me())!;

        await page.keyboard.down("ArrowUp");
        await page.waitForFunction(([x, y]) => {
            const data = (document.getElementById("overlay") as HTMLDivElement).dataset;
            return data.meX !== undefined && data.meX !== "" &&
                Math.hypot(Number(data.meX) - x, Number(data.meY) - y) > 20;
        }, [start.x, start.y], { timeout: 15_000 });
        await page.keyboard.up("ArrowUp");

        await page.waitForFunction(() => (document.getElementById("overlay") as HTMLDivElement).dataset.rttMs,
            undefined, { timeout: 15_000 });
        const overlay = await page.textContent("#overlay");
        const rtt = Number(await page.evaluate(() => (document.getElementById("overlay") as HTMLDivElement).dataset.rttMs));
        assert.ok(rtt >= 0 && rtt < 5_000, "round trip " + rtt + " ms in:\n" + overlay);
        assert.match(overlay ?? "", /round trip \d+\.\d ms/);
        assert.match(overlay ?? "", /players {4}\d+/);

        await page.waitForFunction(() => document.querySelectorAll("#rooms tr").length > 0, undefined,
            { timeout: 15_000 });
        if (process.env.RINGSIDE_SCREENSHOT) {
            await page.waitForTimeout(1_000);
            await page.screenshot({ path: process.env.RINGSIDE_SCREENSHOT });
        }
        assert.deepEqual(pageErrors, []);
        const seat = await page.evaluate(() => document.getElementById("status")?.textContent ?? "");
        assert.match(seat, new RegExp("flying in room " + pilotRoom.roomId + " "), "joined the room it watched");
    } finally {
        clearInterval(flying);
        pilot.close();
        await browser.close();
    }
});
