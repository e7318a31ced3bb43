import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Config } from '../../../config.ts';
import type { Db } from '../../../platform/db/database.ts';
import { addressDomain, bareAddress } from '../../notifications/index.ts';
import { ensureSmtpMailbox } from './mailboxes.ts';
import { storeInboundTogether } from './store-inbound.ts';

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

/**
 * The SMTP listener the product runs for an MX or a relay to deliver to (no AUTH, no TLS:
 * put it behind your MTA or on loopback). Mail for any address of INBOUND_DOMAIN is taken;
 * the 250 answer comes only after the raw message and its processing job are committed, so a
 * sender whose connection breaks before that simply delivers again.
 */
export async function startInboundSmtp(options: {
  db: Db;
  config: Config;
  logger: Logger;
}): Promise<InboundSmtp> {
  const { db, config, logger } = options;
  const domain = config.INBOUND_DOMAIN.toLowerCase();
  const deskAddress = bareAddress(config.MAIL_FROM).toLowerCase();
  const mailboxId = await ensureSmtpMailbox(db, domain);
  const server = new SMTPServer({
    name: domain,
    banner: 'ServiceDesk inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: config.INBOUND_MAX_BYTES,
    logger: false,
    maxClients: 200,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (addressDomain(to) === domain || to === deskAddress) return callback();
      const error = Object.assign(new Error(`relay to ${to} denied`), { responseCode: 550 });
      return callback(error);
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          return callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
        }
        const mailFrom = session.envelope.mailFrom;
        storeInboundTogether(db, {
          mailboxId,
          raw: Buffer.concat(chunks),
          envelopeFrom: mailFrom === false ? null : mailFrom.address,
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
        }).then(
          (stored) => callback(null, stored.duplicate ? 'Already received' : `Queued as ${stored.id}`),
          (error: unknown) => {
            logger.error({ category: 'channels.email', err: error }, 'inbound mail not stored');
            callback(Object.assign(new Error('temporary failure, try again'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  server.on('error', (error) =>
    logger.warn({ category: 'channels.email', err: error }, 'smtp listener error'),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.SMTP_LISTEN_PORT ?? 0, config.SMTP_LISTEN_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  logger.info({ category: 'channels.email', port, domain }, 'inbound SMTP listening');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
