// The newsroom's vocabulary: the words Tòa Soạn says on screen, and the
// words it does not (programmers' words, or two meanings for one word). The
// Vietnamese catalogue is checked against it (i18n.test.ts); add a line here
// when a review finds a word a newsroom would not use.
export type GlossaryEntry = {
  /** Never on screen (matched case-insensitively, as a phrase). */
  avoid: string;
  /** What the newsroom says instead. */
  use: string;
  why: string;
};

export const glossary: GlossaryEntry[] = [
  { avoid: 'cụm mật khẩu', use: 'mật khẩu hồ sơ', why: 'the word people know for a profile password' },
  { avoid: 'sa pô', use: 'sapo', why: 'newsroom spelling' },
  { avoid: 'trả lại để sửa', use: 'trả bài', why: 'what an editor says' },
  { avoid: 'markdown', use: 'chính văn', why: 'the writer sees formatted text, not a syntax' },
  { avoid: 'nội dung (', use: 'chính văn', why: 'the body of a piece is its chính văn' },
  { avoid: 'h2', use: 'tiêu đề phụ', why: 'a subheading, not an HTML level' },
  { avoid: 'url', use: 'địa chỉ, liên kết', why: 'a link, not a programmer word' },
  { avoid: 'login', use: 'tên đăng nhập (or the person\'s name)', why: 'people are named; a login only where one is typed' },
  { avoid: 'uuid', use: '(nothing: ids stay off screen)', why: 'machine text' },
  { avoid: 'sqlite', use: 'dữ liệu', why: 'machine text' },
];
