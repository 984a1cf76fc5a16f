/*
 * The grammar of .nnspec files (LANGUAGE.md sections 2, 4, 5 and 6), all of it: later
 * features add meaning, not syntax.
 *
 * Newlines are significant tokens. org.nnspec.syntax.LayoutFilter sits between this lexer and
 * the parser and knows bracket depth: it drops NEWLINE inside ( ) and index brackets, turns
 * it into a row separator (SEMI) inside matrix brackets, and inserts a COMMA where MATLAB's
 * whitespace rule separates two matrix elements ([1 -2] has two). The parser therefore sees
 * plain separators and never whitespace.
 */
grammar NNSpec;

// Keywords (LANGUAGE.md section 2). They are lexed by the IDENT rule, whose action gives a
// keyword its own type: a lexer rule per keyword made ANTLR build a lexer DFA state for every
// keyword prefix ("n", "ne", "net", ...), which with empty caches at start-up cost about 5 ms
// of lexing DenseNet-121 and 2.5 ms of deserialising the lexer (bench/README.md).
tokens { NETWORK, BLOCK, INPUT, RESIDUAL, SHORTCUT, CONCAT, BRANCH, REPEAT, FOR, IN, IF, ELSE, PRINT, EXPLAIN, IMPORT, AND, OR, NOT, TRUE, FALSE }

@lexer::members {
    // In a combined grammar the types of tokens { } are constants of the parser only; javac
    // inlines them, so this does not load the parser.
    private static final java.util.Map<String, Integer> KEYWORDS = new java.util.HashMap<>();
    static {
        KEYWORDS.put("network", NNSpecParser.NETWORK);
        KEYWORDS.put("block", NNSpecParser.BLOCK);
        KEYWORDS.put("input", NNSpecParser.INPUT);
        KEYWORDS.put("residual", NNSpecParser.RESIDUAL);
        KEYWORDS.put("shortcut", NNSpecParser.SHORTCUT);
        KEYWORDS.put("concat", NNSpecParser.CONCAT);
        KEYWORDS.put("branch", NNSpecParser.BRANCH);
        KEYWORDS.put("repeat", NNSpecParser.REPEAT);
        KEYWORDS.put("for", NNSpecParser.FOR);
        KEYWORDS.put("in", NNSpecParser.IN);
        KEYWORDS.put("if", NNSpecParser.IF);
        KEYWORDS.put("else", NNSpecParser.ELSE);
        KEYWORDS.put("print", NNSpecParser.PRINT);
        KEYWORDS.put("explain", NNSpecParser.EXPLAIN);
        KEYWORDS.put("import", NNSpecParser.IMPORT);
        KEYWORDS.put("and", NNSpecParser.AND);
        KEYWORDS.put("or", NNSpecParser.OR);
        KEYWORDS.put("not", NNSpecParser.NOT);
        KEYWORDS.put("true", NNSpecParser.TRUE);
        KEYWORDS.put("false", NNSpecParser.FALSE);
    }

    /** Consumes the rest of the line up to, not including, its line break (or to the end of the input). */
    private void skipToEndOfLine() {
        for (int c = _input.LA(1); c != '\n' && c != '\r' && c != EOF; c = _input.LA(1)) {
            getInterpreter().consume(_input); // keeps the lexer's line and column in step
        }
    }

    /**
     * After an identifier's first character: consumes the rest (ASCII letters, digits and '_',
     * Unicode letters and decimal digits) and gives the token a keyword's type when it is one.
     */
    private void identifierRest() {
        for (int c = _input.LA(1); isIdentifierPart(c); c = _input.LA(1)) {
            getInterpreter().consume(_input);
        }
        String text = getText();
        setType(keyword(text));
        setText(text); // the parser asks for it again; without this, the token cuts it out anew
    }

    private static boolean isIdentifierPart(int c) {
        if (c < 0x80) return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
        return Character.isLetter(c) || Character.isDigit(c);
    }

    /** The type of an identifier's token: a keyword's, or IDENT. */
    public static int keyword(String text) {
        Integer type = KEYWORDS.get(text);
        return type == null ? IDENT : type;
    }

    /** The text of a keyword's token type ("network"), or null when the type is not a keyword's. */
    public static String keywordText(int type) {
        for (java.util.Map.Entry<String, Integer> e : KEYWORDS.entrySet()) {
            if (e.getValue() == type) return e.getKey();
        }
        return null;
    }
}

// Statements are separated by newlines or ';', and any statement may be empty. Written as
// sep* (statement (sep+ statement)*)? sep*, each separator needed a second token of
// lookahead (another statement, or the end?) and went through ANTLR's adaptivePredict, whose
// DFA is built from the ATN at each new lookahead, about 0.25 ms a time while the JVM
// interprets; this way every choice is made on one token.
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
    | BRANCH body                                           # BranchStmt
    | REPEAT expr body                                      # RepeatStmt
    | expr (ASSIGN expr | COLON (composite | expr))?        # ExprStmt
    ;

// Statements that begin with a name (x = …, h[t] = …, conv1: Conv2d(…), stage: residual { … })
// begin with an expression, and AstBuilder checks what stands before '=' or ':'. Spelt as
// IDENT ASSIGN expr, IDENT COLON expr and so on, choosing among them needed two or more tokens
// of lookahead, and ANTLR built each new lookahead's DFA from its ATN at first use (about
// 0.25 ms a time while the JVM interprets, a dozen times for DenseNet-121's file).
composite
    : RESIDUAL body (SHORTCUT body)?                        # ResidualStmt
    | CONCAT (LPAREN argList? RPAREN)? body                 # ConcatStmt
    ;

ifStatement  : IF expr body (ELSE (body | ifStatement))? ;

paramList    : LPAREN (param (COMMA param)*)? COMMA? RPAREN ;
param        : IDENT (ASSIGN expr)? ;

argList      : arg (COMMA arg)* COMMA? ;
// A keyword argument is written expr '=' expr and AstBuilder requires a name on the left: as
// (IDENT ASSIGN)? expr, choosing needed two tokens of lookahead, and ANTLR built each such
// prediction from its ATN at first use (about 0.25 ms each while the JVM interprets).
arg          : expr (ASSIGN expr)? ;

// An expression is a flat run of operands and binary operators, and AstBuilder nests it by
// precedence (LANGUAGE.md section 5): from tightest, calls, indexing and fields; '^' (right
// to left); unary '-' and '+'; '*' '/' '//' '%' '@'; '+' '-'; comparisons; 'not'; 'and'; 'or'.
// Written as one left-recursive rule with an alternative per level, ANTLR chose whether to go
// on after every operand through adaptivePredict and precedence predicates, and built a DFA
// state from its ATN for each new operator and context: 4 ms of the seed CNN's parse and
// 8.5 ms of DenseNet-121's while the JVM interprets (profiled, bench/README.md). Here every
// choice is made on one token.
expr         : operand ((CARET | STAR | SLASH | DSLASH | PERCENT | AT | PLUS | MINUS
                         | EQ | NE | LT | LE | GT | GE | AND | OR) operand)* ;

// Prefix operators, then a primary with its calls, indexes and fields.
operand      : (MINUS | PLUS | NOT)* atom (LPAREN argList? RPAREN | LBRACK argList RBRACK | DOT IDENT)* ;

// One alternative for '(' … ')': parenthesised expression, tuple (a comma) or empty tuple;
// AstBuilder tells them apart. Separate alternatives made ANTLR scan to the matching ')' at
// every '(' to choose, quadratic in the nesting depth.
atom
    : INT                                                   # IntAtom
    | REAL                                                  # RealAtom
    | STRING                                                # StringAtom
    | TRUE                                                  # TrueAtom
    | FALSE                                                 # FalseAtom
    | IDENT                                                 # NameAtom
    | LPAREN (expr (COMMA expr)* COMMA?)? RPAREN            # ParenAtom
    | LBRACK (matrixRow (SEMI+ matrixRow)* SEMI*)? RBRACK      # MatrixAtom
    ;

matrixRow    : expr (COMMA expr)* COMMA? ;

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
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;
// The rest of an identifier is consumed by an action (identifierRest: ASCII letters, digits
// and '_', Unicode letters and decimal digits) rather than matched as ID_PART*: ANTLR's lexer
// DFA built an edge from the ATN for every distinct character at its first use, and walked
// the DFA a character at a time (11 million of the 467 million instructions of an -Xint run
// of DenseNet-121's file, 8 million of the seed CNN's 255 million).
IDENT     : ID_START { identifierRest(); } ;

// Letters are Unicode letters, digits Unicode decimal digits. Outside ASCII a predicate asks
// Java's Character instead of spelling out \p{L} and \p{Nd}: those sets have about 730
// ranges, and ANTLR's ATN deserializer builds them in quadratic time at every start-up
// (45 % of a small run's samples). The idiom is grammars-v4's JavaLexer.
fragment ID_START : [a-zA-Z_]
                  | [\u0080-\u{10FFFF}] {Character.isLetter(_input.LA(-1))}?
                  ;

NEWLINE   : '\r'? '\n' | '\r' ;
// A comment runs from '#' to the end of the line. The action consumes it: spelt as
// '#' ~[\r\n]*, ANTLR walked its lexer DFA a character at a time, building an edge from the
// ATN for every distinct character at its first use (7.7 million of the 475 million
// instructions of an -Xint run of DenseNet-121's file, bench/instructions.sh).
COMMENT   : '#' { skipToEndOfLine(); } -> skip ;
WS        : [ \t\f\u00A0\uFEFF]+ -> skip ;
LINE_JOIN : '\\' [ \t]* ('\r'? '\n' | '\r') -> skip ;

// Anything else is one bad character; the parser reports it in words.
BAD_CHAR  : . ;

fragment DIGITS   : [0-9]+ ('_' [0-9]+)* ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
