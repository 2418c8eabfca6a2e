import { logLinkInDevelopment } from "@/lib/admin/link-log";

const LINK = { userId: 7, email: "new@test.example", path: `/set-password/${"a".repeat(43)}`, expiresAt: new Date("2026-12-06T15:00:00Z") };

describe("the one-time link in the server log", () => {
  const env = process.env as Record<string, string | undefined>;
  const saved = { NODE_ENV: env.NODE_ENV, NEXTAUTH_URL: env.NEXTAUTH_URL };
  afterEach(() => Object.assign(env, saved));

  it("is one JSON line on NEXTAUTH_URL's origin outside production", () => {
    const info = jest.spyOn(console, "info").mockImplementation(() => {});
    env.NODE_ENV = "development";
    env.NEXTAUTH_URL = "http://localhost:4000";
    logLinkInDevelopment(LINK, "invite");
    expect(info).toHaveBeenCalledTimes(1);
    expect(JSON.parse(info.mock.calls[0]![0] as string)).toMatchObject({
      level: "info",
      where: "password-link",
      purpose: "invite",
      userId: 7,
      email: "new@test.example",
      link: `http://localhost:4000/set-password/${"a".repeat(43)}`,
      expiresAt: "2026-12-06T15:00:00.000Z",
    });
    info.mockRestore();
  });

  it("is never written in production", () => {
    const info = jest.spyOn(console, "info").mockImplementation(() => {});
    const log = jest.spyOn(console, "log").mockImplementation(() => {});
    env.NODE_ENV = "production";
    logLinkInDevelopment(LINK, "reset");
    expect(info).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    info.mockRestore();
    log.mockRestore();
  });
});
