/** Certificates read by OpenSSL (Node's X509Certificate) with their facts, each distinct DER once per process. */
import { X509Certificate } from 'node:crypto';
import { describeCertificate, type CertificateFacts } from './certificate';

export interface CertificateReading {
  x509?: X509Certificate;
  facts?: CertificateFacts;
  problem?: string;
}

/**
 * Certificates read in this process, by their DER. A fleet's bundles repeat the same intermediates
 * and roots in every mirror's file; OpenSSL's parse and our description are done once per distinct
 * certificate. Readings are immutable (items copy the facts), and the map is bounded.
 */
const readings = new Map<string, CertificateReading>();
const MAX_READINGS = 4096;

export function readCertificate(der: Buffer, key = der.toString('base64')): CertificateReading {
  let reading = readings.get(key);
  if (!reading) {
    reading = {};
    try {
      reading.x509 = new X509Certificate(der);
      reading.facts = describeCertificate(reading.x509);
    } catch {
      reading.problem = reading.x509 ? 'the certificate has a malformed extension' : 'not a valid X.509 certificate';
      reading.x509 = undefined;
    }
    if (readings.size >= MAX_READINGS) readings.clear();
    readings.set(key, reading);
  }
  return reading;
}
