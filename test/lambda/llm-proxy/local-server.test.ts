import { startLocalChatServer } from '../../../lambda/llm-proxy/local-server';

test('the local chat server refuses a body over its limit with 413 before the handler runs', async () => {
  const handler = jest.fn();
  const server = await startLocalChatServer({ handler, port: 0, maxRequestBytes: 16 });
  try {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'more than sixteen bytes' }] }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: {
        message: 'request body is larger than 16 bytes',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    expect(handler).not.toHaveBeenCalled();
  } finally {
    await server.close();
  }
});
