//! Messages of composing a notice: profiles, templates, the markup they produce, and the render errors around them.

crate::catalogue! {
    // --- Where a template error is -------------------------------------------------

    /// A template error with its file (or built-in name) only.
    template_at(template, message) {
        vi: "mẫu {template}: {message}",
        en: "template {template}: {message}",
    }
    /// A template error with its file, line and column.
    template_at_line_column(template, line, column, message) {
        vi: "mẫu {template}:{line}:{column}: {message}",
        en: "template {template}:{line}:{column}: {message}",
    }
    /// A template error with its file and line (the line that produced bad markup).
    template_at_line(template, line, message) {
        vi: "mẫu {template}:{line}: {message}",
        en: "template {template}:{line}: {message}",
    }
    /// How a built-in template is named in messages.
    builtin_template(name) {
        vi: "templates/{name}.hbs (có sẵn)",
        en: "templates/{name}.hbs (built in)",
    }

    // --- Reading `--templates DIR` -----------------------------------------------

    /// The templates folder cannot be listed.
    templates_folder_unreadable(reason) {
        vi: "không đọc được thư mục mẫu: {reason}",
        en: "cannot read the templates folder: {reason}",
    }
    /// A template file cannot be read.
    template_unreadable(reason) {
        vi: "không đọc được tệp mẫu: {reason}",
        en: "cannot read the template: {reason}",
    }
    /// A template file is not usable (too large, not a regular file…); `reason` says why.
    template_file_refused(reason) {
        vi: "tệp mẫu {reason}",
        en: "the template file {reason}",
    }
    /// A template file is not UTF-8.
    template_not_utf8(byte) {
        vi: "byte {byte} không phải văn bản UTF-8; hãy lưu tệp mẫu ở dạng UTF-8 (Unicode)",
        en: "byte {byte} is not UTF-8 text; save the template as UTF-8 (Unicode)",
    }
    /// Sub-expressions nested too deep for the parser.
    expressions_too_deep(max) {
        vi: "các biểu thức lồng nhau quá {max} tầng; hãy viết mẫu đơn giản hơn",
        en: "expressions are nested more than {max} deep; simplify the template",
    }
    /// Blocks nested too deep for rendering.
    blocks_too_deep(max) {
        vi: "các khối (`{{{{#if}}}}`, `{{{{#each}}}}`…) lồng nhau quá {max} tầng; hãy viết mẫu đơn giản hơn",
        en: "blocks are nested more than {max} deep; simplify the template",
    }
    /// A file of `--templates DIR` that replaces nothing and that nothing includes.
    template_name_unknown(name, names) {
        vi: "`{name}` không phải tên một mẫu hay mẫu con của vanban và không mẫu nào gọi nó, nên tệp sẽ bị bỏ qua (tên một tệp có thể có: {names}; `vanban templates export DIR` ghi ra các tệp đó)",
        en: "`{name}` is no template or partial of vanban and no template includes it, so it would be ignored (the names a file can have: {names}; `vanban templates export DIR` writes them)",
    }
    /// The same, with the closest valid name.
    template_name_unknown_did_you_mean(name, best, names) {
        vi: "`{name}` không phải tên một mẫu hay mẫu con của vanban và không mẫu nào gọi nó, nên tệp sẽ bị bỏ qua; có phải ý bạn là `{best}.hbs`? (tên một tệp có thể có: {names}; `vanban templates export DIR` ghi ra các tệp đó)",
        en: "`{name}` is no template or partial of vanban and no template includes it, so it would be ignored; did you mean `{best}.hbs`? (the names a file can have: {names}; `vanban templates export DIR` writes them)",
    }
    /// `{{> (expression)}}`: a partial whose name is computed while rendering.
    partial_named_by_expression() {
        vi: "một mẫu con được gọi bằng biểu thức (`{{{{> (…)}}}}`); hãy viết tên mẫu con (`{{{{> opening}}}}`) để vanban kiểm tra được rằng các mẫu con không gọi nhau mãi",
        en: "a partial is named by an expression (`{{{{> (…)}}}}`); write the partial's name (`{{{{> opening}}}}`), so that vanban can check that partials do not include each other without end",
    }
    /// Partials that include each other in a cycle.
    partials_cycle(cycle) {
        vi: "các mẫu con gọi nhau không có điểm dừng ({cycle}); việc dựng văn bản sẽ không bao giờ xong",
        en: "partials include each other without end ({cycle}); rendering would never finish",
    }
    /// A chain of partials too deep, with the chain so far.
    partials_too_deep(max, chain) {
        vi: "các mẫu con lồng nhau quá {max} tầng ({chain} …); hãy bớt số tầng",
        en: "partials are nested more than {max} deep ({chain} …); include fewer levels",
    }
    /// A chain of partials too deep, from one of them.
    partials_too_deep_from(max, name) {
        vi: "các mẫu con lồng nhau quá {max} tầng (từ {name}); hãy bớt số tầng",
        en: "partials are nested more than {max} deep (from {name}); include fewer levels",
    }

    // --- Handlebars' own errors, in plain words ----------------------------------

    /// `{{#a}}…{{/b}}`.
    hbs_mismatched_block(open, close) {
        vi: "khối `{{{{#{open}}}}}` được mở nhưng lại đóng bằng `{{{{/{close}}}}}`; hãy đóng bằng `{{{{/{open}}}}}`",
        en: "the block `{{{{#{open}}}}}` is closed by `{{{{/{close}}}}}`; close it with `{{{{/{open}}}}}`",
    }
    /// Handlebars cannot parse the template; `detail` is the parser's own description.
    hbs_syntax(detail) {
        vi: "sai cú pháp Handlebars ({detail}); xem lại các dấu `{{{{` và `}}}}` quanh đây",
        en: "invalid Handlebars syntax ({detail}); check the `{{{{` and `}}}}` around here",
    }
    /// A parameter Handlebars cannot read.
    hbs_invalid_param(param) {
        vi: "tham số `{param}` không hợp lệ",
        en: "the parameter `{param}` is not valid",
    }
    /// `{{a (b (c))}}`.
    hbs_nested_subexpression() {
        vi: "không được lồng biểu thức con vào đây",
        en: "a sub-expression cannot be nested here",
    }
    /// Any other compile error of Handlebars.
    hbs_compile_other(detail) {
        vi: "không dịch được mẫu: {detail}",
        en: "the template cannot be compiled: {detail}",
    }
    /// `{{name}}` where the data has no `name` (strict mode), with what there is.
    hbs_missing_variable(name, available) {
        vi: "mẫu dùng `{name}` nhưng dữ liệu của mẫu không có biến này (các biến có ở mức ngoài cùng: {available}; danh sách đầy đủ ở docs/templates.md)",
        en: "the template uses `{name}` but the template's data has no such variable (the variables at the top level: {available}; docs/templates.md lists them all)",
    }
    /// The same, with the closest name there is.
    hbs_missing_variable_did_you_mean(name, best, available) {
        vi: "mẫu dùng `{name}` nhưng dữ liệu của mẫu không có biến này; có phải ý bạn là `{best}`? (các biến có ở mức ngoài cùng: {available}; danh sách đầy đủ ở docs/templates.md)",
        en: "the template uses `{name}` but the template's data has no such variable; did you mean `{best}`? (the variables at the top level: {available}; docs/templates.md lists them all)",
    }
    /// A variable that is missing, unnamed by Handlebars.
    hbs_missing_value() {
        vi: "mẫu dùng một giá trị không có trong dữ liệu của mẫu (danh sách biến ở docs/templates.md)",
        en: "the template uses a value the template's data does not have (docs/templates.md lists the variables)",
    }
    /// `{{> name}}` or a profile's template that is not there.
    hbs_template_not_found(name, names) {
        vi: "không có mẫu hay mẫu con `{name}` (các mẫu hiện có: {names})",
        en: "there is no template or partial `{name}` (the templates there are: {names})",
    }
    /// `{{> @partial-block}}` outside a partial block.
    hbs_partial_block_not_found() {
        vi: "`{{{{> @partial-block}}}}` chỉ dùng được trong một mẫu con được gọi bằng `{{{{#> tên}}}}…{{{{/tên}}}}`",
        en: "`{{{{> @partial-block}}}}` works only in a partial called as `{{{{#> name}}}}…{{{{/name}}}}`",
    }
    /// An unknown helper.
    hbs_helper_not_found(name, helpers) {
        vi: "không có hàm trợ giúp `{name}` (các hàm có: {helpers})",
        en: "there is no helper `{name}` (the helpers are: {helpers})",
    }
    /// An unknown decorator.
    hbs_decorator_not_found(name) {
        vi: "không có decorator `{name}` (chỉ có `{{{{#*inline \"tên\"}}}}`)",
        en: "there is no decorator `{name}` (only `{{{{#*inline \"name\"}}}}`)",
    }
    /// A helper given too few parameters.
    hbs_param_missing(helper, position) {
        vi: "`{helper}` cần tham số thứ {position}",
        en: "`{helper}` needs a parameter number {position}",
    }
    /// A helper given a named parameter that is missing or of the wrong kind.
    hbs_param_named(helper, param) {
        vi: "`{helper}` cần tham số `{param}` đúng kiểu",
        en: "`{helper}` needs the parameter `{param}`, of the right kind",
    }
    /// A helper given a parameter of the wrong kind.
    hbs_param_type(expected) {
        vi: "tham số không đúng kiểu: cần {expected}",
        en: "a parameter of the wrong kind: {expected} expected",
    }
    /// A block helper used without a block.
    hbs_block_required() {
        vi: "hàm trợ giúp này cần một khối (`{{{{#tên}}}}…{{{{/tên}}}}`)",
        en: "this helper needs a block (`{{{{#name}}}}…{{{{/name}}}}`)",
    }
    /// A partial that includes its own template.
    hbs_include_self() {
        vi: "một mẫu không được tự gọi chính nó làm mẫu con",
        en: "a template cannot include itself as a partial",
    }
    /// A path Handlebars cannot read (`{{a..b}}`, a string index on a list).
    hbs_bad_path(path) {
        vi: "đường dẫn `{path}` không hợp lệ",
        en: "the path `{path}` is not valid",
    }
    /// Any other render error of Handlebars.
    hbs_render_other(detail) {
        vi: "không dựng được mẫu: {detail}",
        en: "the template cannot be rendered: {detail}",
    }

    // --- The markup a template writes --------------------------------------------

    /// A markup error located in the generated markup only (when the template line cannot be found).
    markup_at(line, column, message) {
        vi: "markup, dòng {line}, cột {column}: {message}",
        en: "markup {line}:{column}: {message}",
    }
    /// Said after a markup error, located in a template.
    markup_line_note(line, column) {
        vi: "dòng {line}, cột {column} của markup",
        en: "markup line {line}, column {column}",
    }
    /// The hint after every markup error.
    markup_hint() {
        vi: "mẫu đã tạo ra markup sai; hãy xem markup bằng `vanban markup`",
        en: "the template produced invalid markup; check it with `vanban markup`",
    }
    /// Nothing at all.
    markup_empty() {
        vi: "markup trống: cần có <document>",
        en: "empty markup: expected <document>",
    }
    /// Something before `<document>`.
    markup_no_document() {
        vi: "markup phải bắt đầu bằng <document>",
        en: "the markup must start with <document>",
    }
    /// Something after `</document>`.
    markup_after_document() {
        vi: "không được viết gì sau </document>",
        en: "nothing may follow </document>",
    }
    /// `<p>` or `<rule>` without `style`.
    markup_needs_style(tag) {
        vi: "<{tag}> cần thuộc tính style",
        en: "<{tag}> needs a style attribute",
    }
    /// `<p style="x">` where the profile has no style `x`.
    markup_unknown_style(tag, style, profile, styles) {
        vi: "<{tag} style=\"{style}\">: thể thức '{profile}' không có kiểu đoạn này (các kiểu có: {styles})",
        en: "<{tag} style=\"{style}\">: the profile '{profile}' has no such style (the styles are: {styles})",
    }
    /// `<rule style="x">` where the profile has no rule `x`.
    markup_unknown_rule(style, profile, rules) {
        vi: "<rule style=\"{style}\">: thể thức '{profile}' không có đường kẻ này (các đường kẻ có: {rules})",
        en: "<rule style=\"{style}\">: the profile '{profile}' has no such rule (the rules are: {rules})",
    }
    /// A block tag where it may not stand.
    markup_not_allowed_here(tag) {
        vi: "không được đặt <{tag}> ở đây",
        en: "<{tag}> is not allowed here",
    }
    /// An empty block tag where it may not stand.
    markup_empty_not_allowed_here(tag) {
        vi: "không được đặt <{tag}/> ở đây",
        en: "<{tag}/> is not allowed here",
    }
    /// The markup ends inside an element.
    markup_missing_end(tag) {
        vi: "markup kết thúc khi chưa đóng thẻ: thiếu </{tag}>",
        en: "unexpected end of markup: </{tag}> is missing",
    }
    /// Text between blocks.
    markup_text_outside_paragraph() {
        vi: "chữ phải nằm trong một thẻ <p> (hãy xem lại mẫu quanh chỗ này)",
        en: "text must be inside a <p> element (check the template around here)",
    }
    /// Anything else unexpected between blocks.
    markup_unexpected() {
        vi: "markup không đúng chỗ này",
        en: "unexpected markup",
    }
    /// `<rule>` with content.
    markup_must_be_empty(tag) {
        vi: "<{tag}> phải để trống (viết <{tag} …/>)",
        en: "<{tag}> must be empty",
    }
    /// `<row>` without `role`.
    markup_row_needs_role() {
        vi: "<row> cần thuộc tính role",
        en: "<row> needs a role attribute",
    }
    /// `<row role="x">` the profile has no row for.
    markup_unknown_row(role, profile, rows) {
        vi: "<row role=\"{role}\">: thể thức '{profile}' không có hàng này (các hàng có: {rows})",
        en: "<row role=\"{role}\">: the profile '{profile}' has no such row (the rows are: {rows})",
    }
    /// Something other than cells in a row.
    markup_row_only_cells() {
        vi: "trong <row> chỉ có các thẻ <cell>",
        en: "a <row> holds only <cell> elements",
    }
    /// A row with the wrong number of cells.
    markup_row_cells(role, cells, columns) {
        vi: "<row role=\"{role}\"> có {cells} ô nhưng thể thức quy định {columns} cột",
        en: "<row role=\"{role}\"> has {cells} cells but the profile gives {columns} columns",
    }
    /// `&name;` that XML does not define.
    markup_unknown_entity(name) {
        vi: "không có ký tự đặt tên &{name};",
        en: "unknown entity &{name};",
    }
    /// A block tag inside a paragraph.
    markup_not_inline(tag) {
        vi: "không được đặt <{tag}> trong một đoạn (trong đoạn chỉ dùng <b>, <i>, <u>, <br/>)",
        en: "<{tag}> is not allowed inside a paragraph (use <b>, <i>, <u>, <br/>)",
    }
    /// Anything else unexpected inside a paragraph.
    markup_unexpected_inline() {
        vi: "markup không đúng chỗ này trong đoạn",
        en: "unexpected markup inside a paragraph",
    }
    /// `</b>` where `</p>` was expected.
    xml_mismatched_end(expected, found) {
        vi: "thẻ đóng </{found}> không khớp: cần </{expected}>",
        en: "the end tag </{found}> does not match: </{expected}> expected",
    }
    /// `</p>` with nothing open.
    xml_unmatched_end(tag) {
        vi: "thẻ đóng </{tag}> không có thẻ mở",
        en: "the end tag </{tag}> closes nothing",
    }
    /// `<p` without `>`.
    xml_unclosed_tag() {
        vi: "một thẻ chưa được đóng bằng `>`",
        en: "a tag is not closed with `>`",
    }
    /// `<!--` without `-->`.
    xml_unclosed_comment() {
        vi: "chú thích `<!--` chưa được đóng bằng `-->`",
        en: "a comment `<!--` is not closed with `-->`",
    }
    /// A malformed attribute.
    xml_bad_attribute(detail) {
        vi: "thuộc tính viết sai ({detail}); viết tên=\"giá trị\"",
        en: "a malformed attribute ({detail}); write name=\"value\"",
    }
    /// Any other XML error; `detail` is the XML reader's description.
    xml_other(detail) {
        vi: "markup không phải XML đúng: {detail}",
        en: "the markup is not well-formed XML: {detail}",
    }

    // --- Rendering ---------------------------------------------------------------

    /// A profile names a template the renderer lacks.
    profile_template_missing(profile, template, builtins) {
        vi: "thể thức '{profile}': template = \"{template}\" không phải mẫu của chương trình (mẫu có sẵn: {builtins}; mẫu khác đưa vào bằng --templates DIR)",
        en: "profile '{profile}': template = \"{template}\" is not a template of this renderer (the built-in ones are {builtins}; others come with --templates DIR)",
    }
    /// A document built by a program names what its profile lacks.
    document_unrenderable(reason) {
        vi: "không dựng được văn bản: {reason}",
        en: "the document cannot be rendered: {reason}",
    }
    /// The PDF writer failed (a vanban fault, not the input's).
    pdf_failed(detail) {
        vi: "không ghi được tệp PDF: {detail}",
        en: "PDF: {detail}",
    }
    /// The DOCX writer failed (a vanban fault, not the input's).
    docx_failed(detail) {
        vi: "không ghi được tệp DOCX: {detail}",
        en: "DOCX: {detail}",
    }

    // --- Profiles ----------------------------------------------------------------

    /// A profile error, with its file.
    profile_at(origin, message) {
        vi: "thể thức {origin}: {message}",
        en: "profile {origin}: {message}",
    }
    /// A TOML error of a profile, with its line and column.
    profile_at_line(origin, line, column, message) {
        vi: "thể thức {origin}, dòng {line}, cột {column}: {message}",
        en: "profile {origin}, line {line}, column {column}: {message}",
    }
    /// A key the profile format does not have.
    profile_unknown_key(key, keys) {
        vi: "không có khóa `{key}` ở đây (các khóa được dùng: {keys})",
        en: "there is no key `{key}` here (the keys are: {keys})",
    }
    /// The same, with the closest key.
    profile_unknown_key_did_you_mean(key, best, keys) {
        vi: "không có khóa `{key}` ở đây; có phải ý bạn là `{best}`? (các khóa được dùng: {keys})",
        en: "there is no key `{key}` here; did you mean `{best}`? (the keys are: {keys})",
    }
    /// A required key is absent.
    profile_missing_key(key) {
        vi: "thiếu khóa bắt buộc `{key}`",
        en: "the required key `{key}` is missing",
    }
    /// A value of the wrong kind.
    profile_wrong_type(found, expected) {
        vi: "giá trị sai kiểu: có {found}, cần {expected}",
        en: "a value of the wrong kind: {found} where {expected} is expected",
    }
    /// Any other TOML error; `detail` is the TOML reader's description.
    profile_toml_other(detail) {
        vi: "tệp TOML viết sai: {detail}",
        en: "the TOML is malformed: {detail}",
    }
    /// The profile has no style / rule / row of that name.
    profile_no_style(profile, name) {
        vi: "thể thức '{profile}' không có kiểu đoạn tên '{name}'",
        en: "the profile '{profile}' has no style named '{name}'",
    }
    /// The profile has no rule of that name.
    profile_no_rule(profile, name) {
        vi: "thể thức '{profile}' không có đường kẻ tên '{name}'",
        en: "the profile '{profile}' has no rule named '{name}'",
    }
    /// The profile has no row of that name.
    profile_no_row(profile, name) {
        vi: "thể thức '{profile}' không có hàng tên '{name}'",
        en: "the profile '{profile}' has no row named '{name}'",
    }
    /// A bad profile id.
    profile_bad_id(id) {
        vi: "id '{id}' phải có từ 1 đến 32 ký tự: chữ thường không dấu, chữ số, '-' hoặc '_' (đó là tên mà trường \"profile\" của thông báo ghi)",
        en: "id '{id}' must be 1 to 32 lowercase letters, digits, '-' or '_' (it is what a notice's \"profile\" names)",
    }
    /// A font family that is not bundled.
    profile_unknown_family(family, families) {
        vi: "font.family '{family}' không phải phông chữ có sẵn trong chương trình (hãy dùng: {families})",
        en: "font.family '{family}' is not a bundled font family (use one of: {families})",
    }
    /// A key that names a style nobody defines.
    profile_undefined_style(key, style) {
        vi: "{key} '{style}' không phải kiểu đoạn được định nghĩa trong thể thức",
        en: "{key} '{style}' is not a defined style",
    }
    /// A length that must be positive.
    profile_positive_length(key) {
        vi: "{key} phải là một độ dài lớn hơn 0",
        en: "{key} must be a positive length",
    }
    /// A length that must not be negative.
    profile_non_negative_length(key) {
        vi: "{key} phải là một độ dài từ 0 trở lên",
        en: "{key} must be a length of 0 or more",
    }
    /// Margins that leave too little room.
    profile_page_too_small(width, height) {
        vi: "page: lề trang chỉ còn {width} × {height} mm để viết, quá ít cho một thông báo",
        en: "page: the margins leave {width} × {height} mm to write in, too little for a notice",
    }
    /// Too few heading numerals.
    profile_few_numerals() {
        vi: "headings.numerals phải có ít nhất 3 số thứ tự (một thông báo có tối đa 3 mục)",
        en: "headings.numerals must give at least 3 numerals (a notice has up to 3 sections)",
    }
    /// Row columns that do not add up.
    profile_columns_sum(role, sum) {
        vi: "rows.{role}.columns phải cộng lại bằng 1 (hiện cộng lại bằng {sum})",
        en: "rows.{role}.columns must add up to 1 (they add up to {sum})",
    }
    /// A style with a size or line height of 0.
    profile_style_sizes(name) {
        vi: "styles.{name}: cỡ chữ và khoảng cách dòng phải lớn hơn 0",
        en: "styles.{name}: size and line height must be positive",
    }
    /// Underline thickness out of range.
    profile_underline_thickness() {
        vi: "underline.thickness_em phải nằm trong khoảng từ 0 đến 1",
        en: "underline.thickness_em must be between 0 and 1",
    }
    /// Empty number label.
    profile_empty_label() {
        vi: "numbering.label không được để trống (\"Số\")",
        en: "numbering.label must not be empty (\"Số\")",
    }
    /// Too many digits.
    profile_pad_digits() {
        vi: "numbering.pad_digits phải từ 9 trở xuống",
        en: "numbering.pad_digits must be 9 or less",
    }
    /// A notation with other placeholders.
    profile_bad_notation(notation) {
        vi: "numbering.notation '{notation}' chỉ được chứa {{type}} và {{issuer}}",
        en: "numbering.notation '{notation}' may hold only {{type}} and {{issuer}}",
    }
    /// A profile folder that cannot be listed.
    profile_folder_unreadable(folder, reason) {
        vi: "thư mục thể thức {folder}: không đọc được: {reason}",
        en: "profile folder {folder}: cannot read: {reason}",
    }
    /// A profile folder with no profile.
    profile_folder_empty(folder) {
        vi: "thư mục thể thức {folder}: không có tệp .toml nào",
        en: "profile folder {folder}: holds no .toml file",
    }
    /// A profile file that cannot be read.
    profile_unreadable(reason) {
        vi: "không đọc được: {reason}",
        en: "cannot read: {reason}",
    }
    /// A profile file too large to be one.
    profile_too_large(limit) {
        vi: "lớn hơn {limit}, không phải một thể thức",
        en: "larger than {limit}, not a profile",
    }
    /// A profile file that is not UTF-8.
    profile_not_utf8(byte) {
        vi: "byte {byte} không phải văn bản UTF-8; hãy lưu tệp thể thức ở dạng UTF-8 (Unicode)",
        en: "is not UTF-8 text (byte {byte}); save the profile as UTF-8 (Unicode)",
    }
    /// Two profiles with one id.
    profile_duplicate_id(id, first) {
        vi: "id '{id}' cũng là id của {first}; hãy đặt cho mỗi thể thức một id riêng",
        en: "id '{id}' is also the id of {first}; give each profile its own id",
    }
    /// A notice names a profile nobody loaded.
    profile_unknown(id, known) {
        vi: "'{id}' không phải một thể thức đã biết (các thể thức: {known}; nạp thể thức khác bằng --profile FILE)",
        en: "'{id}' is not a known profile (known: {known}; load others with --profile FILE)",
    }
    /// The same, with the closest id.
    profile_unknown_did_you_mean(id, known, best) {
        vi: "'{id}' không phải một thể thức đã biết (các thể thức: {known}; nạp thể thức khác bằng --profile FILE); có phải ý bạn là '{best}'?",
        en: "'{id}' is not a known profile (known: {known}; load others with --profile FILE); did you mean '{best}'?",
    }
    /// A signing authority the profile has no prefix for.
    profile_authority_unknown(authority, profile, authorities) {
        vi: "'{authority}' không phải thẩm quyền ký của thể thức {profile} (hãy dùng một trong: {authorities})",
        en: "'{authority}' is not a signing authority of the {profile} profile (use one of: {authorities})",
    }
    /// A kind of TOML value: a number.
    kind_number() {
        vi: "một số (như 14.0)",
        en: "a number (such as 14.0)",
    }
    /// A kind of TOML value: a whole number.
    kind_integer() {
        vi: "một số nguyên (như 2)",
        en: "a whole number (such as 2)",
    }
    /// A kind of TOML value: text.
    kind_text() {
        vi: "một chuỗi chữ trong dấu ngoặc kép (như \"Số\")",
        en: "text in double quotes (such as \"Số\")",
    }
    /// A kind of TOML value: true or false.
    kind_bool() {
        vi: "true hoặc false",
        en: "true or false",
    }
    /// A kind of TOML value: a list.
    kind_list() {
        vi: "một danh sách [ … ]",
        en: "a list [ … ]",
    }
    /// A kind of TOML value: a table.
    kind_table() {
        vi: "một bảng (các khóa của một mục [ … ])",
        en: "a table (the keys of a [ … ] section)",
    }

    // --- The header of an exported template (`vanban templates export`) ----------

    /// The header comment of an exported template (inside `{{!-- … --}}`).
    export_header(file, version, role) {
        vi: "{file} (vanban {version}): {role}.\n      Sửa tệp này rồi dựng văn bản với `--templates DIR`: một tệp ở đó thay cho mẫu có sẵn\n      cùng tên (nd30, hd36, opening, conclusions); `vanban markup NOTICE --templates DIR`\n      in ra markup mà mẫu tạo ra. Các biến, hàm trợ giúp và thẻ markup: docs/templates.md.",
        en: "{file} (vanban {version}): {role}.\n      Edit it and render with `--templates DIR`: a file there replaces the built-in of\n      its name (nd30, hd36, opening, conclusions); `vanban markup NOTICE --templates DIR`\n      prints the markup it produces. The variables, helpers and markup tags: docs/templates.md.",
    }
    /// What `nd30.hbs` is.
    role_nd30() {
        vi: "toàn bộ thông báo theo thể thức nd30 (cơ quan nhà nước, Nghị định 30/2020/NĐ-CP)",
        en: "the whole notice of profile nd30 (State bodies, Nghị định 30/2020/NĐ-CP)",
    }
    /// What `hd36.hbs` is.
    role_hd36() {
        vi: "toàn bộ thông báo theo thể thức hd36 (cơ quan Đảng, Hướng dẫn 36-HD/VPTW)",
        en: "the whole notice of profile hd36 (Party bodies, Hướng dẫn 36-HD/VPTW)",
    }
    /// What `opening.hbs` is.
    role_opening() {
        vi: "mẫu con, `{{{{> opening}}}}` trong nd30 và hd36: các đoạn mở đầu viết từ buổi làm việc",
        en: "a partial, `{{{{> opening}}}}` in nd30 and hd36: the paragraphs written from the meeting",
    }
    /// What `conclusions.hbs` is.
    role_conclusions() {
        vi: "mẫu con, `{{{{> conclusions}}}}` trong nd30 và hd36: đánh giá, nhiệm vụ, trả lời kiến nghị, đoạn kết",
        en: "a partial, `{{{{> conclusions}}}}` in nd30 and hd36: assessment, tasks, answers, closing",
    }

    /// The PDF library wrote pages in a shape vanban does not know (`what` is the
    /// detail, for a developer): a fault of this build, not of the notice.
    pdf_page_tree_changed(what) {
        vi: "cây trang mà printpdf ghi ra đã thay đổi ({what}); phiên bản printpdf này không được hỗ trợ, hãy báo lỗi cho người phát triển vanban",
        en: "the page tree printpdf wrote has changed ({what}); this printpdf version is not supported",
    }
    /// A bundled font cannot be read (a damaged build).
    font_unreadable(name) {
        vi: "không đọc được phông chữ {name} (tệp TrueType); bản cài đặt vanban bị hỏng, hãy cài lại",
        en: "cannot read {name} as a TrueType font",
    }
}
