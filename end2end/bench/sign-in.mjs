// The benchmarks' sign-in: t101 over plain HTTP, for the session cookie to send.

/** Signs t101 in at `base`; the session cookie. */
export async function signIn(base) {
  const res = await fetch(`${base}/api/fn/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'username=t101&password=demo1234',
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) throw new Error(`login ${res.status}`);
  return cookie;
}
