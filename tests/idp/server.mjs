// An external OpenID provider for the e2e tests: the npm `oidc-provider` package serving the
// client-credentials grant with JWT access tokens, on 127.0.0.1 only.
//
//   node server.mjs [--port N] [--audience api://ispcloud] [--partner acme]
//
// Every start signs with a freshly generated ES256 key (new `kid`), so restarting the provider on
// the same port is a key rotation as ispcloud sees it. Once listening it prints one JSON line,
// {"port":N,"issuer":"http://127.0.0.1:N","kid":"..."}, and serves until killed.
//
// Clients (secret = client id + "-secret"):
//   partner-admin  scope "partnerId:<partner> role:partnerIdAdmin"  (a Plume partner admin)
//   partner-norole scope "partnerId:<partner>"                      (the role is missing)
import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const audience = option('audience', 'api://ispcloud');
const partner = option('partner', 'acme');
const requestedPort = Number(option('port', '0'));

const scopesByClient = {
  'partner-admin': `partnerId:${partner} role:partnerIdAdmin`,
  'partner-norole': `partnerId:${partner}`,
};

function clientRecord(clientId) {
  return {
    client_id: clientId,
    client_secret: `${clientId}-secret`,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
  };
}

const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const kid = crypto.randomBytes(8).toString('hex');
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };

const server = http.createServer();
server.listen(requestedPort, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: Object.keys(scopesByClient).map(clientRecord),
    jwks: { keys: [signingJwk] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, _resource, client) => ({
          scope: scopesByClient[client.clientId],
          audience,
          accessTokenTTL: 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ port, issuer, kid })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
