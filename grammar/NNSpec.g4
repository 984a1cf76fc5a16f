grammar NNSpec;
program : EOF ;
WS : [ \t]+ -> skip ;
