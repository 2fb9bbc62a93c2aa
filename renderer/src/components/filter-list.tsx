import { useState } from 'react';
import { useT } from '../app/use-t.ts';
import { applyKey, filterItems, type ListItem } from '../app/text-entry.ts';
import { Keyboard } from '../keyboard/keyboard.tsx';

/**
 * A long list a finger can scroll, with a search field typed on the on-screen keyboard: the
 * keyboard opens only when the payer taps the field, so the list gets the room otherwise.
 */
export function FilterList(props: {
  items: readonly ListItem[];
  placeholder: string;
  onChoose: (id: string) => void;
  testId: string;
}) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [typing, setTyping] = useState(false);
  const shown = filterItems(props.items, query);
  return (
    <div className={`filter-list${typing ? ' filter-list-typing' : ''}`}>
      <div className="filter-main">
        <div className="filter-bar">
          <button
            type="button"
            className="filter-field"
            onClick={() => setTyping(true)}
            data-testid={`${props.testId}-filter`}
          >
            <span aria-hidden="true" className="filter-icon">
              ⌕
            </span>
            {query === '' ? <span className="filter-placeholder">{props.placeholder}</span> : query}
          </button>
          {query !== '' && (
            <button type="button" className="button button-quiet" onClick={() => setQuery('')}>
              {t('list.clear')}
            </button>
          )}
        </div>
        <ul className="choice-list" data-testid={props.testId}>
          {shown.map((item) => (
            <li key={item.id}>
              <button type="button" className="choice" onClick={() => props.onChoose(item.id)}>
                <span className="choice-title">{item.title}</span>
                {item.subtitle && <span className="choice-subtitle">{item.subtitle}</span>}
              </button>
            </li>
          ))}
        </ul>
        {shown.length === 0 && <p className="list-empty">{t('list.empty')}</p>}
      </div>
      {typing && (
        <Keyboard mode="search" onKey={(key) => setQuery((text) => applyKey(text, key, 40))} />
      )}
    </div>
  );
}
