"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { DocumentStatus } from "@/lib/documents/types";
import { createChat, deleteDocument, getDocument, uploadDocument } from "./api";
import { describeError } from "./http";
import { queryKeys } from "./query-keys";

/** A file being attached to the next message: uploaded, then indexed, then sent with it. */
export interface Attachment {
  key: string;
  name: string;
  documentId: string | null;
  /** A file for this chat only exists for this message: taken off before it is sent, it is deleted. */
  thisChatOnly: boolean;
  status: "uploading" | DocumentStatus;
  /** 0..1 while indexed. */
  progress: number;
  error: string | null;
}

export interface Attachments {
  items: Attachment[];
  /** Files go to this chat only (and so stay out of memory); always so in a temporary chat. */
  thisChatOnly: boolean;
  canChooseScope: boolean;
  setThisChatOnly: (value: boolean) => void;
  add: (files: File[]) => void;
  remove: (key: string) => void;
  /** Some file is not read yet: the message waits for it. */
  isPending: boolean;
  /**
   * The documents to send with the message, and the chat a "this chat only" file made for it; the
   * composer is cleared of them, and `putBack` returns them there if the message is refused.
   */
  take: () => { documentIds: string[]; chatId: string | null; putBack: () => void };
}

const pollMs = 1000;

/**
 * The composer's attached files. Each is uploaded as it is picked (into memory, or for this chat
 * only, which a new chat must exist for: it is created then, empty, and the message goes to it),
 * then followed until it is indexed; the message is sent with those that are ready.
 */
export function useAttachments({ chatId, isTemporary }: { chatId: string | null; isTemporary: boolean }): Attachments {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<Attachment[]>([]);
  const [chosenChatOnly, setThisChatOnly] = useState(false);
  const [createdChatId, setCreatedChatId] = useState<string | null>(null);
  const pendingChat = useRef<Promise<string> | null>(null);
  const live = useRef(new Set<string>());
  useEffect(() => () => live.current.clear(), []);
  const thisChatOnly = isTemporary || chosenChatOnly;

  const update = useCallback((key: string, change: Partial<Attachment>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const chatForFiles = useCallback(() => {
    if (chatId) return Promise.resolve(chatId);
    pendingChat.current ??= createChat({ temporary: isTemporary || undefined }).then(({ chat }) => {
      setCreatedChatId(chat.id);
      void queryClient.invalidateQueries({ queryKey: queryKeys.chats });
      return chat.id;
    });
    pendingChat.current.catch(() => {
      pendingChat.current = null;
    });
    return pendingChat.current;
  }, [chatId, isTemporary, queryClient]);

  /** Deletes a chat-only file taken off the composer; one in memory stays there for later chats. */
  const discard = useCallback(
    (documentId: string) => {
      deleteDocument(documentId).then(
        () => queryClient.invalidateQueries({ queryKey: queryKeys.documents }),
        () => {},
      );
    },
    [queryClient],
  );

  const attach = useCallback(
    async (key: string, file: File, chatOnly: boolean) => {
      try {
        const place = chatOnly ? { scope: "chat" as const, chatId: await chatForFiles() } : { scope: "memory" as const };
        let { document } = await uploadDocument(file, place);
        void queryClient.invalidateQueries({ queryKey: queryKeys.documents });
        while (live.current.has(key)) {
          update(key, { documentId: document.id, status: document.status, progress: document.progress, error: document.error });
          if (document.status === "ready" || document.status === "error") return;
          await new Promise((resolve) => setTimeout(resolve, pollMs));
          ({ document } = await getDocument(document.id));
        }
        // Taken off while it was uploaded or read (a second delete of it answers 404, which is fine).
        if (chatOnly) discard(document.id);
      } catch (error) {
        if (live.current.has(key)) update(key, { status: "error", error: describeError(error) });
      }
    },
    [chatForFiles, discard, queryClient, update],
  );

  const add = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = crypto.randomUUID();
        live.current.add(key);
        setItems((current) => [...current, { key, name: file.name, documentId: null, thisChatOnly, status: "uploading", progress: 0, error: null }]);
        void attach(key, file, thisChatOnly);
      }
    },
    [attach, thisChatOnly],
  );

  const remove = useCallback(
    (key: string) => {
      live.current.delete(key);
      const removed = items.find((item) => item.key === key);
      if (removed?.thisChatOnly && removed.documentId) discard(removed.documentId);
      setItems((current) => current.filter((item) => item.key !== key));
    },
    [discard, items],
  );

  const take = useCallback(() => {
    const taken = items;
    const documentIds = taken.filter((item) => item.status === "ready" && item.documentId).map((item) => item.documentId!);
    live.current.clear();
    setItems([]);
    // Nothing taken is still being read (the message waits for that), so nothing needs following again.
    const putBack = () => setItems((current) => [...taken, ...current]);
    return { documentIds, chatId: chatId ?? createdChatId, putBack };
  }, [chatId, createdChatId, items]);

  return {
    items,
    thisChatOnly,
    canChooseScope: !isTemporary,
    setThisChatOnly,
    add,
    remove,
    isPending: items.some((item) => item.status !== "ready" && item.status !== "error"),
    take,
  };
}
