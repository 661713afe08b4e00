import { type Static, Type } from '@sinclair/typebox';
import { Id } from '../plan/plan-schema.ts';

/**
 * `provisioning.json`: what `vaultline-center gateway add --out <dir>` hands a new gateway and
 * `vaultline-gateway provision` reads. The two PEM files are named relative to this file's folder. It
 * holds the gateway's broker password, so it is written with mode 0600 and never logged.
 */
export const PROVISIONING_FILE = 'provisioning.json';
export const CENTRE_SIGNING_PUBLIC_FILE = 'centre-signing-public.pem';
export const CENTRE_ENCRYPTION_PUBLIC_FILE = 'centre-encryption-public.pem';

export const ProvisioningFile = Type.Object({
  gatewayId: Id('the gateway as registered at the centre'),
  siteId: Id('the site it is registered for'),
  broker: Type.Object({
    url: Type.String({
      pattern: '^(mqtt|mqtts|tcp|tls)://',
      description: 'where the gateway reaches the broker',
    }),
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, description: 'the broker password; shown nowhere else' }),
  }),
  centrePublicKey: Type.String({ minLength: 1, description: "PEM file of the centre's plan-signing key" }),
  centreEncryptionKey: Type.String({
    minLength: 1,
    description: "PEM file of the centre's X25519 key (branch enrolment encrypts templates to it)",
  }),
  gatewayPublicKey: Type.Optional(
    Type.String({
      description:
        "the gateway's Ed25519 key as registered (raw base64url): a gateway refuses a file made for another",
    }),
  ),
});
export type ProvisioningFile = Static<typeof ProvisioningFile>;
