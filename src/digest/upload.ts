import type { WebClient } from '@slack/web-api';

export interface UploadFile {
  bytes: Buffer;
  filename: string;
  title: string;
  /** Shown to screen readers for images. */
  altText?: string;
}

/**
 * Slack's upload step 1 and 2: reserves a file id and sends the bytes to the URL Slack gives. Nothing is visible
 * until the upload is completed (step 3), so repeating this after a failure leaves no trace in any conversation.
 */
export async function sendFileBytes(client: WebClient, file: UploadFile): Promise<string> {
  const reserved = await client.files.getUploadURLExternal({
    filename: file.filename,
    length: file.bytes.length,
    ...(file.altText ? { alt_text: file.altText } : {}),
  });
  if (!reserved.upload_url || !reserved.file_id)
    throw new Error('files.getUploadURLExternal returned no upload URL');
  const res = await fetch(reserved.upload_url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: new Uint8Array(file.bytes),
  });
  if (!res.ok) throw new Error(`uploading ${file.filename} failed: HTTP ${res.status}`);
  await res.body?.cancel().catch(() => undefined);
  return reserved.file_id;
}

export interface ShareTarget {
  channelId: string;
  initialComment?: string;
  threadTs?: string;
}

/** Step 3: completes uploads and shares them, in one message, in a conversation. */
export async function completeUploads(
  client: WebClient,
  files: readonly { id: string; title: string }[],
  target: ShareTarget,
): Promise<void> {
  await client.files.completeUploadExternal({
    files: files.map((f) => ({ id: f.id, title: f.title })) as [{ id: string; title: string }],
    channel_id: target.channelId,
    ...(target.initialComment ? { initial_comment: target.initialComment } : {}),
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
  });
}

/** All three steps for files that may simply be sent again on failure (previews, exports). */
export async function uploadFiles(
  client: WebClient,
  files: readonly UploadFile[],
  target: ShareTarget,
): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) ids.push(await sendFileBytes(client, file));
  await completeUploads(
    client,
    files.map((f, i) => ({ id: ids[i]!, title: f.title })),
    target,
  );
  return ids;
}

/** The DM channel with a person (files need a channel id; a user id is not enough for completeUploadExternal). */
export async function openDm(client: WebClient, userId: string): Promise<string> {
  const res = await client.conversations.open({ users: userId });
  const id = res.channel?.id;
  if (!id) throw new Error(`could not open a DM with ${userId}`);
  return id;
}
