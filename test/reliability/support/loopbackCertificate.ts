import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface LoopbackCertificate {
  /** The folder holding the files: remove it when done. */
  dir: string;
  /** The certificate, for the bot to trust through NODE_EXTRA_CA_CERTS. */
  caFile: string;
  key: Buffer;
  cert: Buffer;
}

/**
 * A self-signed certificate for https://127.0.0.1, made for this run: loopback stand-ins for
 * Microsoft services that their clients only reach over https (MSAL, the Azure Monitor exporter).
 */
export function loopbackCertificate(prefix: string): LoopbackCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const keyFile = path.join(dir, 'key.pem');
  const caFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      caFile,
    ],
    { stdio: 'ignore' },
  );
  return { dir, caFile, key: readFileSync(keyFile), cert: readFileSync(caFile) };
}
