"""First load of a page in Debian's Chromium: DOMContentLoaded and the JavaScript transferred.

    python bench/first_load.py [--url http://127.0.0.1:3990/] [--runs 5]

Start a server first (`python bench/load/serve.py`, or `make run`). Each run is a fresh
browser context (empty cache), so every script is fetched as a first-time visitor would.
Prints the median DOMContentLoaded and load times and the JavaScript bytes on the wire
(compressed, as transferred) and decoded, with the ten largest scripts. Issue #13's
targets: DOMContentLoaded <= 1 s on localhost, JavaScript transferred <= 400 KB.
"""

from __future__ import annotations

import argparse
import shutil
import statistics

from playwright.sync_api import sync_playwright


def one_visit(browser, url: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    scripts: dict[str, dict] = {}
    sizes: dict[str, int] = {}

    def on_response(event: dict) -> None:
        response = event["response"]
        if event.get("type") == "Script" or "javascript" in response.get("mimeType", ""):
            scripts[event["requestId"]] = {"url": response["url"]}

    def on_finished(event: dict) -> None:
        sizes[event["requestId"]] = int(event.get("encodedDataLength", 0))

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    page.goto(url, wait_until="load")
    timing = page.evaluate(
        """() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const decoded = performance.getEntriesByType('resource')
                .filter(r => r.initiatorType === 'script' || r.name.endsWith('.js'))
                .reduce((sum, r) => sum + (r.decodedBodySize || 0), 0);
            return {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, decoded};
        }"""
    )
    page.wait_for_timeout(300)
    transferred = {info["url"]: sizes.get(request_id, 0) for request_id, info in scripts.items()}
    context.close()
    return {**timing, "transferred": transferred}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:3990/")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        one_visit(browser, args.url)  # warm the server's own caches, not the browser's
        visits = [one_visit(browser, args.url) for _ in range(args.runs)]
        browser.close()
    last = visits[-1]["transferred"]
    total = sum(last.values())
    print(f"url: {args.url}  runs: {args.runs} (fresh browser context each)")
    print(f"DOMContentLoaded median: {statistics.median(v['dcl'] for v in visits):.0f} ms")
    print(f"load event median:       {statistics.median(v['load'] for v in visits):.0f} ms")
    print(f"JavaScript transferred:  {total / 1024:.0f} KB in {len(last)} files")
    print(f"JavaScript decoded:      {visits[-1]['decoded'] / 1024:.0f} KB")
    for url, size in sorted(last.items(), key=lambda item: -item[1])[:10]:
        print(f"  {size / 1024:8.1f} KB  {url.rsplit('/', 1)[-1]}")


if __name__ == "__main__":
    main()
