/*
 * The grammar of .nnspec files (docs/language.md sections 2, 4, 5 and 6), all of it: later
 * features add meaning, not syntax.
 *
 * Newlines are significant tokens. org.nnspec.syntax.LayoutFilter sits between this lexer and
 * the parser and knows bracket depth: it drops NEWLINE inside ( ) and index brackets, turns
 * it into a row separator (SEMI) inside matrix brackets, and inserts a COMMA where MATLAB's
 * whitespace rule separates two matrix elements ([1 -2] has two). The parser therefore sees
 * plain separators and never whitespace.
 */
grammar NNSpec;

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

// Statements are separated by newlines or ';', and any statement may be empty.
program      : statement? (sep statement?)* EOF ;

sep          : NEWLINE | SEMI ;

body         : LBRACE statement? (sep statement?)* RBRACE ;

statement
    : PRINT expr (COMMA expr)*                              # PrintStmt
    | EXPLAIN expr                                          # ExplainStmt
    | IMPORT STRING                                         # ImportStmt
    | NETWORK IDENT paramList? body                         # NetworkStmt
    | BLOCK IDENT paramList? body                           # BlockStmt
    | FOR IDENT IN expr body                                # ForStmt
    | ifStatement                                           # IfStmt
    | INPUT expr                                            # InputStmt
    | composite                                             # CompositeStmt
    | keyword COLON (composite | expr)                      # KeywordLabelStmt
    | expr (ASSIGN expr | COLON (composite | expr))?        # ExprStmt
    ;

// Any word may label a layer or a composite, a keyword included (torchvision's MBConv keeps its
// layers in an attribute named `block`): `block: Conv2dNormActivation(…)`. 'true' and 'false'
// are values, so they label nothing.
keyword
    : NETWORK | BLOCK | INPUT | RESIDUAL | SHORTCUT | CONCAT | ADD | MULTIPLY | EXPERTS | BRANCH
    | REPEAT | FOR | IN | IF | ELSE | PRINT | EXPLAIN | IMPORT | AND | OR | NOT
    ;

// A statement that begins with a name (x = …, h[t] = …, conv1: Conv2d(…), stage: residual { … })
// begins with an expression: AstBuilder checks that what stands before '=' is a name or a
// sequence step, and before ':' a name, and says so in words when it is not.
composite
    : RESIDUAL body (SHORTCUT body)?                        # ResidualStmt
    | CONCAT (LPAREN argList? RPAREN)? body                 # ConcatStmt
    | op=(ADD | MULTIPLY) body                              # MergeStmt
    | EXPERTS LPAREN argList? RPAREN body                   # ExpertsStmt
    | BRANCH body                                           # BranchStmt
    | REPEAT expr body                                      # RepeatStmt
    ;

ifStatement  : IF expr body (ELSE (body | ifStatement))? ;

paramList    : LPAREN (param (COMMA param)*)? COMMA? RPAREN ;
param        : IDENT (ASSIGN expr)? ;

argList      : arg (COMMA arg)* COMMA? ;
// A keyword argument's name is checked by AstBuilder, as the target of '=' is in a statement.
arg          : expr (ASSIGN expr)? ;

// Expressions, tightest first (docs/language.md section 5): calls, indexing and fields; '^'
// (right to left); unary '-' and '+'; '*' '/' '//' '%' '@'; '+' '-'; comparisons; 'not';
// 'and'; 'or'. A prefix operator takes as its operand what binds at least as tightly as it
// does: -a^b is -(a^b), -a*b is (-a)*b, not a == b is not (a == b). A field may be named
// 'input' (Net.input), a keyword elsewhere.
expr
    : expr LPAREN argList? RPAREN                           # Call
    | expr LBRACK argList RBRACK                            # Index
    | expr DOT name=(IDENT | INPUT)                         # Field
    | <assoc=right> expr CARET expr                         # Power
    | op=(MINUS | PLUS) expr                                # Unary
    | expr op=(STAR | SLASH | DSLASH | PERCENT | AT) expr   # Multiplicative
    | expr op=(PLUS | MINUS) expr                           # Additive
    | expr op=(EQ | NE | LT | LE | GT | GE) expr            # Comparison
    | NOT expr                                              # Not
    | expr AND expr                                         # And
    | expr OR expr                                          # Or
    | atom                                                  # AtomExpr
    ;

// '(' … ')' is one alternative: a parenthesised expression, a tuple (it has a comma) or the
// empty tuple, told apart by AstBuilder, so that the parser need not look ahead to the
// matching ')' to choose.
atom
    : INT                                                   # IntAtom
    | REAL                                                  # RealAtom
    | STRING                                                # StringAtom
    | TRUE                                                  # TrueAtom
    | FALSE                                                 # FalseAtom
    | IDENT                                                 # NameAtom
    | LPAREN (expr (COMMA expr)* COMMA?)? RPAREN            # ParenAtom
    | LBRACK (matrixRow (SEMI+ matrixRow)* SEMI*)? RBRACK   # MatrixAtom
    ;

matrixRow    : expr (COMMA expr)* COMMA? ;

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

// Keywords (docs/language.md section 2). They come before IDENT, so a whole word that is a
// keyword is one; "inputs" or "Network" is a name.
NETWORK   : 'network' ;
BLOCK     : 'block' ;
INPUT     : 'input' ;
RESIDUAL  : 'residual' ;
SHORTCUT  : 'shortcut' ;
CONCAT    : 'concat' ;
ADD       : 'add' ;
MULTIPLY  : 'multiply' ;
EXPERTS   : 'experts' ;
BRANCH    : 'branch' ;
REPEAT    : 'repeat' ;
FOR       : 'for' ;
IN        : 'in' ;
IF        : 'if' ;
ELSE      : 'else' ;
PRINT     : 'print' ;
EXPLAIN   : 'explain' ;
IMPORT    : 'import' ;
AND       : 'and' ;
OR        : 'or' ;
NOT       : 'not' ;
TRUE      : 'true' ;
FALSE     : 'false' ;

LPAREN    : '(' ;
RPAREN    : ')' ;
LBRACK    : '[' ;
RBRACK    : ']' ;
LBRACE    : '{' ;
RBRACE    : '}' ;
COMMA     : ',' ;
SEMI      : ';' ;
COLON     : ':' ;
DOT       : '.' ;
EQ        : '==' ;
NE        : '!=' ;
LE        : '<=' ;
GE        : '>=' ;
LT        : '<' ;
GT        : '>' ;
ASSIGN    : '=' ;
PLUS      : '+' ;
MINUS     : '-' ;
STAR      : '*' ;
DSLASH    : '//' ;
SLASH     : '/' ;
PERCENT   : '%' ;
AT        : '@' ;
CARET     : '^' ;

REAL      : DIGITS '.' DIGITS? EXPONENT?
          | '.' DIGITS EXPONENT?
          | DIGITS EXPONENT
          ;
INT       : DIGITS ;
STRING    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
// A string that ends with its line: the parser reports it as never closed.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;

IDENT     : ID_START ID_PART* ;

NEWLINE   : '\r'? '\n' | '\r' ;
COMMENT   : '#' ~[\r\n]* -> skip ;
WS        : [ \t\f\u00A0\uFEFF]+ -> skip ;
// A backslash at the end of a line joins the next line to it.
LINE_JOIN : '\\' [ \t]* ('\r'? '\n' | '\r') -> skip ;

// Anything else is one bad character; the parser reports it in words.
BAD_CHAR  : . ;

fragment DIGITS   : [0-9]+ ('_' [0-9]+)* ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;

// Identifiers are made of letters, decimal digits and '_' (not starting with a digit), where
// letters and digits may be any of Unicode's. Outside ASCII a predicate asks Java's Character
// rather than spelling out Unicode's hundreds of letter ranges, as grammars-v4's JavaLexer does.
fragment ID_START : [a-zA-Z_]
                  | [\u0080-\u{10FFFF}] {Character.isLetter(_input.LA(-1))}?
                  ;
fragment ID_PART  : [a-zA-Z0-9_]
                  | [\u0080-\u{10FFFF}] {Character.isLetterOrDigit(_input.LA(-1))}?
                  ;
