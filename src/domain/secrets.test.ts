import { apiKeyProblem, apiUrlProblem } from './secrets';

describe('apiKeyProblem', () => {
  it('accepts a single token', () => expect(apiKeyProblem('abcDEF123_-')).toBeNull());
  it.each(['', 'ab cd', 'abc\ndef', 'abc\r', '\tabc', 'a\u0000b', 'a\u007fb'])('refuses %j without echoing it', (k) => {
    const sentence = apiKeyProblem(k);
    expect(sentence).not.toBeNull();
    if (k.length > 2) expect(sentence).not.toContain(k.trim());
  });
});

describe('apiUrlProblem', () => {
  it.each(['https://api.runware.ai/v1', 'http://127.0.0.1:5000/v1', 'http://localhost:1/v1', 'http://[::1]:9/v1'])('accepts %s', (u) =>
    expect(apiUrlProblem(u)).toBeNull(),
  );
  it.each(['http://api.runware.ai/v1', 'http://10.0.0.1/v1', 'http://127.0.0.1.evil.com/v1', 'ftp://x', 'api.runware.ai'])('refuses %s', (u) =>
    expect(apiUrlProblem(u)).not.toBeNull(),
  );
});
