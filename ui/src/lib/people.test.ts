import { describe, expect, it } from 'vitest';
import { setPeople, who } from './people.svelte';
import type { Person } from './bindings';

const person = (login: string, real_name: string, pen_name: string | null = null): Person =>
  ({ id: login, login, real_name, pen_name, role: 'reporter', active: true }) as Person;

describe('who', () => {
  it('names a person by their real name, never their login', () => {
    setPeople([person('lan', 'Phạm Thị Lan'), person('binh', 'Vũ Thị Bình', 'Bình Nguyên')]);
    expect(who('lan')).toBe('Phạm Thị Lan');
    expect(who('binh')).toBe('Vũ Thị Bình');
  });

  it('names the system, shows an unknown login as given, and nothing for nobody', () => {
    setPeople([person('lan', 'Phạm Thị Lan')]);
    expect(who('system')).toBe('Hệ thống');
    expect(who('khach')).toBe('khach');
    expect(who(null)).toBe('');
    expect(who('')).toBe('');
  });

  it('follows a renamed person', () => {
    setPeople([person('an', 'Lê Thanh An')]);
    setPeople([person('an', 'Lê Thành An')]);
    expect(who('an')).toBe('Lê Thành An');
  });
});
