import type { KeyObject } from 'node:crypto';
import { publicKeyFromPem, publicKeyFromRaw, publicKeyToPem } from '@vaultline/shared/crypto/keys';
import type { Clock } from '@vaultline/shared/time/clock';
import { registerGatewayCredentials } from '../broker/credentials.ts';
import type { CentreStore } from '../store/open-store.ts';
import { UnknownRecordError } from '../store/registry-errors.ts';

export interface ProvisionGatewayInput {
  gatewayId: string;
  siteId: string;
  /** The gateway's Ed25519 public key, raw base64url (`vaultline-gateway init` prints it). */
  publicKey: string;
  /** The gateway's X25519 public key, SPKI PEM (`gateway-encryption-public.pem`). */
  encryptionPublicKeyPem: string;
  /** Where the gateway reaches the broker, e.g. `mqtt://centre.bank.local:1883`. */
  brokerUrl: string;
}

/** Everything a new gateway needs from the centre. `broker.password` is a secret: show or write it once. */
export interface ProvisionedGateway {
  gatewayId: string;
  siteId: string;
  /** The gateway's registered Ed25519 key (raw base64url), so the gateway can tell the file is its own. */
  gatewayPublicKey: string;
  broker: { url: string; username: string; password: string };
  /** The centre's plan-signing public key (PEM): the gateway accepts only plans signed by it. */
  centreSigningPublicKeyPem: string;
  /** The centre's X25519 public key (PEM): branch enrolment encrypts templates to it. */
  centreEncryptionPublicKeyPem: string;
  /** True when the gateway was registered before (its keys, site and password are replaced). */
  reprovisioned: boolean;
}

export interface ProvisioningDeps {
  store: Pick<
    CentreStore,
    'gateways' | 'gatewayCredentials' | 'vehicles' | 'sites' | 'audit' | 'transaction'
  >;
  keys: { signingPublicKey: KeyObject; encryptionPublicKey: KeyObject };
  clock: Clock;
}

/**
 * Registers (or re-provisions) a gateway with both its keys and issues its broker password, in one
 * transaction with an audit entry. The site must be registered: a bank wants a typo in a site id to stop
 * here, not to leave a gateway that never receives a plan. Keys are checked before anything is stored.
 */
export function provisionGateway(
  deps: ProvisioningDeps,
  input: ProvisionGatewayInput,
  actor: string,
): ProvisionedGateway {
  const { store } = deps;
  publicKeyFromRaw(input.publicKey, 'ed25519');
  const encryptionPublicKey = publicKeyToPem(
    publicKeyFromPem(input.encryptionPublicKeyPem, 'x25519', `encryption key of gateway ${input.gatewayId}`),
  );
  return store.transaction(() => {
    if (!store.sites.get(input.siteId)) {
      throw new UnknownRecordError(
        'site',
        input.siteId,
        `add it first (\`vaultline-center site add --id ${input.siteId} --name … --kind vault|branch --lat … --lon …\`), then provision gateway ${input.gatewayId}`,
      );
    }
    const before = store.gateways.get(input.gatewayId);
    store.gateways.register({
      gatewayId: input.gatewayId,
      siteId: input.siteId,
      publicKey: input.publicKey,
      encryptionPublicKey,
    });
    const password = registerGatewayCredentials(store, input.gatewayId);
    store.audit.append({
      at: deps.clock.now(),
      actor,
      action: before ? 'gateway.reprovision' : 'gateway.provision',
      target: input.gatewayId,
      detail: {
        siteId: input.siteId,
        brokerUrl: input.brokerUrl,
        ...(before ? { previousSiteId: before.siteId } : {}),
      },
    });
    return {
      gatewayId: input.gatewayId,
      siteId: input.siteId,
      gatewayPublicKey: input.publicKey,
      broker: { url: input.brokerUrl, username: input.gatewayId, password },
      centreSigningPublicKeyPem: publicKeyToPem(deps.keys.signingPublicKey),
      centreEncryptionPublicKeyPem: publicKeyToPem(deps.keys.encryptionPublicKey),
      reprovisioned: before !== undefined,
    };
  });
}
