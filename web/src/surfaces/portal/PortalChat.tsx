import { RequesterChat } from '../../features/chat/RequesterChat.tsx';

/** The portal's live chat with the service desk. */
export default function PortalChat() {
  return <RequesterChat />;
}
