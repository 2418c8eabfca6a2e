import { isWellFormedRouterStateTree } from "@/lib/url/validators";

describe("the Next-Router-State-Tree header", () => {
  it.each([
    [encodeURIComponent(JSON.stringify(["", { children: ["__PAGE__", {}] }, null, null, true])), true],
    [encodeURIComponent("[]"), true],
    ["[]", true],
    ["garbage", false],
    ["", false],
    ["%E0%A4%A", false],
    [encodeURIComponent('{"children":[]}'), false],
    [encodeURIComponent('"["'), false],
    [encodeURIComponent("null"), false],
    [encodeURIComponent("[1,"), false],
  ])("%j is well formed: %s", (header, expected) => {
    expect(isWellFormedRouterStateTree(header)).toBe(expected);
  });
});
