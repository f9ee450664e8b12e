const examplePrompts = [
  "Explain the difference between a process and a thread",
  "Write a haiku about version control",
  "Help me plan a week of vegetarian dinners",
  "What did we discuss about my project last time?",
];

export function EmptyState({ onPickPrompt }: { onPickPrompt: (prompt: string) => void }) {
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-1 flex-col items-center justify-center gap-8 px-4 py-10">
      <div className="text-center">
        <h2 className="text-2xl font-semibold tracking-tight">What can I help with?</h2>
        <p className="mt-2 text-sm text-text-muted">Ask anything. Mneme remembers your earlier conversations.</p>
      </div>
      <ul className="grid w-full gap-2 sm:grid-cols-2">
        {examplePrompts.map((prompt) => (
          <li key={prompt}>
            <button
              type="button"
              onClick={() => onPickPrompt(prompt)}
              className="h-full w-full rounded-xl border border-line px-4 py-3 text-left text-sm text-text-muted hover:bg-raised hover:text-text"
            >
              {prompt}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
