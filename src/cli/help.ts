// What `npm run cli -- --help` and `npm run cli -- <command> --help` print: every command and every
// option, in Vietnamese. Kept apart from the commands so help never loads a command's dependencies.

export interface CommandSpec {
  /** One line: the command and its arguments. */
  usage: string;
  summary: string;
  /** [option, explanation] for every option the command accepts. */
  options: [string, string][];
  examples?: string[];
  /** Reads the configuration before running (everything but the pure text tools). */
  needsConfig: boolean;
}

const JSON_OPTION: [string, string] = ["--json", "in kết quả dạng JSON (cho máy đọc) thay vì văn bản"];
const UNIT_NOTE =
  "Tên đơn vị gõ không dấu, không cần phần “(…)” ở cuối cũng được, nếu không nhầm với đơn vị khác; sai tên thì lệnh dừng và gợi ý các tên gần nhất.";

export const COMMANDS: Record<string, CommandSpec> = {
  "list-members": {
    usage: 'list-members [--unit "<tên đơn vị>"] [--json]',
    summary: "danh sách đảng viên, xếp theo tên kiểu Việt Nam, kèm vai trò, trạng thái, số điện thoại và tài khoản đã liên kết",
    options: [["--unit <tên>", `chỉ đảng viên của đơn vị này (mặc định: mọi đơn vị). ${UNIT_NOTE}`], JSON_OPTION],
    examples: ['npm run cli -- list-members --unit "chi bo khu pho 4"'],
    needsConfig: true,
  },
  invite: {
    usage: 'invite --member "<họ tên>" [--unit "<tên đơn vị>"] [--json]',
    summary: "tạo mã mời dùng một lần (7 ngày) để đảng viên liên kết tài khoản Zalo hoặc Telegram",
    options: [
      ["--member <họ tên>", "họ tên đảng viên (bắt buộc; không dấu cũng được)"],
      ["--unit <tên>", `tìm đảng viên trong đơn vị này, khi có người trùng tên ở đơn vị khác. ${UNIT_NOTE}`],
      ["--json", 'in {"code","telegramLink","zaloText","member","expiresAt"}'],
    ],
    needsConfig: true,
  },
  digest: {
    usage: 'digest --unit "<tên đơn vị>" [--format text|json|xlsx] [--out <tệp>]',
    summary: "bản tổng hợp trước kỳ sinh hoạt của một chi bộ, hoặc bảng tổng hợp các chi bộ của một đảng bộ",
    options: [
      ["--unit <tên>", `chi bộ hoặc đảng bộ (bắt buộc). ${UNIT_NOTE}`],
      ["--format text|json|xlsx", "dạng kết quả (mặc định text)"],
      ["--out <tệp>", "ghi vào tệp thay vì in ra màn hình (nên dùng với xlsx)"],
    ],
    needsConfig: true,
  },
  meetings: {
    usage: 'meetings [add|move|cancel] --unit "<tên chi bộ>" [tùy chọn]',
    summary: "lịch sinh hoạt của chi bộ: xem các buổi sắp tới, thêm, dời hoặc hủy một buổi (đảng viên được báo)",
    options: [
      ["--unit <tên>", `chi bộ (bắt buộc). ${UNIT_NOTE}`],
      ["--days <N>", "xem: số ngày tới cần liệt kê (mặc định PLANNER_HORIZON_DAYS)"],
      ["--all", "xem: liệt kê cả buổi đã hủy và đã họp"],
      ["--at <dd/MM/yyyy HH:mm>", "add, move: thời gian buổi họp (giờ địa phương)"],
      ["--place <địa điểm>", "add, move: địa điểm"],
      ["--kind REGULAR|THEMATIC|QUARTERLY|YEAR_END", "add: thường kỳ, chuyên đề, quý hoặc cuối năm (mặc định REGULAR)"],
      ["--id <mã buổi họp>", "move, cancel: buổi họp (mã lấy từ lệnh xem với --json)"],
      ["--reason <lý do>", "cancel: lý do, ghi vào thông báo gửi đảng viên"],
      JSON_OPTION,
    ],
    examples: [
      'npm run cli -- meetings --unit "chi bo khu pho 4"',
      'npm run cli -- meetings add --unit "chi bo khu pho 4" --at "05/12/2026 14:00" --place "Hội trường"',
    ],
    needsConfig: true,
  },
  "import-members": {
    usage: 'import-members <tệp.csv|tệp.xlsx> --unit "<tên chi bộ>" [--dry-run] [--create-unit] [--json]',
    summary:
      "nhập danh sách đảng viên (như examples/members.csv, xem docs/import.md): cả tệp hoặc không gì cả; có một dòng lỗi thì không ghi gì và báo số dòng; nhập lại cùng tệp không thay đổi gì",
    options: [
      ["<tệp>", "tệp CSV (UTF-8, UTF-16 hoặc Windows-1258) hoặc XLSX"],
      ["--unit <tên>", `chi bộ nhận danh sách (bắt buộc). ${UNIT_NOTE}`],
      ["--dry-run", "chỉ xem trước: người thêm mới, người thay đổi (trước → sau), đổi vai trò, trùng tên, dòng lỗi; không ghi gì"],
      ["--create-unit", "tạo chi bộ mới với tên này nếu chưa có (không có tùy chọn này thì tên sai bị từ chối)"],
      JSON_OPTION,
    ],
    examples: [
      'npm run cli -- import-members examples/members.csv --unit "chi bo khu pho 4" --dry-run',
      'npm run cli -- import-members examples/members.csv --unit "chi bo khu pho 4"',
    ],
    needsConfig: true,
  },
  "parse-registration": {
    usage: "parse-registration [--json]",
    summary:
      "đọc tin nhắn đăng ký của đảng viên (mỗi dòng stdin là một chuỗi JSON) và in các việc đọc được: nội dung, mức đo, thời hạn, nội dung học tập/làm theo/nêu gương, cụ thể hay chung chung; không cần cơ sở dữ liệu",
    options: [["--json", 'mỗi tin một dòng {"items":[{"text","measure","timeframe","categories","verdict"}]}']],
    examples: [`printf '%s\\n' '"1. Đọc 2 cuốn sách về Bác trước 30/6/2027"' | npm run --silent cli -- parse-registration --json`],
    needsConfig: false,
  },
  "check-commitment": {
    usage: 'check-commitment [--json] [--theme "<chủ đề>"] ["<nội dung việc>"]',
    summary: "việc đăng ký đã cụ thể (cuối năm kiểm tra được) hay còn chung chung; không cần cơ sở dữ liệu",
    options: [
      ['"<nội dung việc>"', "việc cần xét; bỏ trống thì đọc từ stdin, mỗi dòng một việc"],
      ["--theme <chủ đề>", "chủ đề của năm, để đối chiếu"],
      ["--json", 'mỗi việc một dòng {"verdict","score","reasons"}'],
    ],
    examples: ['npm run --silent cli -- check-commitment "Đọc 2 cuốn sách về Bác trước 30/6"'],
    needsConfig: false,
  },
  "seed-demo": {
    usage: "seed-demo",
    summary: "tạo (lại) đảng bộ và hai chi bộ mẫu; chạy hai lần cũng không sao",
    options: [],
    needsConfig: true,
  },
  migrate: {
    usage: "migrate",
    summary: "cập nhật cấu trúc cơ sở dữ liệu (cũng là npm run db:migrate); máy chủ tự làm việc này khi khởi động",
    options: [],
    needsConfig: true,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    "Cách dùng: npm run cli -- <lệnh> [tùy chọn]",
    "",
    "Lệnh:",
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    "",
    "Chi tiết một lệnh: npm run cli -- <lệnh> --help",
  ].join("\n");
}

export function commandHelp(name: string): string {
  const c = COMMANDS[name];
  if (!c) return usage();
  const width = Math.max(0, ...c.options.map(([o]) => o.length));
  return [
    `Cách dùng: npm run cli -- ${c.usage}`,
    "",
    c.summary.charAt(0).toUpperCase() + c.summary.slice(1) + ".",
    ...(c.options.length > 0 ? ["", "Tùy chọn:", ...c.options.map(([o, text]) => `  ${o.padEnd(width)}  ${text}`)] : []),
    ...(c.examples?.length ? ["", "Ví dụ:", ...c.examples.map((e) => `  ${e}`)] : []),
    "",
    "  --help  in hướng dẫn này",
  ].join("\n");
}
