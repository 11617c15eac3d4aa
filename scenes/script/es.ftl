# La narración de la lección en español: lo que dice el narrador en cada tramo, escena a escena.
#
# Las palabras se pueden editar libremente; hay que conservar los nombres a la izquierda de "=",
# los marcadores { $nombre } (números que da la capa) y las marcas <mark name="..."/> (donde la
# imagen espera a la voz). Una línea que continúa un texto empieza con espacios. Se comprueba
# antes de renderizar: make video dice a qué tramo le falta qué. Formato: Project Fluent
# (https://projectfluent.org). Traducción del guion inglés (en.ftl).
#
# Glosario (inglés -> español), usado igual en todo el guion y en el catálogo de pantalla
# (scenes/locale/es/LC_MESSAGES/lecture.po):
#   weight sharing -> compartir pesos, pesos compartidos    weight -> peso
#   filter -> filtro          kernel (1-D) -> núcleo          bias -> sesgo
#   neuron -> neurona         input / output -> entrada / salida
#   cell -> celda (de una cuadrícula); casilla (de una tabla o de la matriz W)
#   channel -> canal          slice (of a filter) -> corte    depth slice -> corte de profundidad
#   padding -> relleno        stride -> paso                  dilation -> dilatación
#   window -> ventana         position -> posición            patch -> región
#   receptive field -> campo receptivo                        feature map -> mapa de características
#   dot product -> producto escalar                           edge (of a graph) -> arista
#   edge (in a picture) -> borde                              edge detector -> detector de bordes
#   locally connected layer -> capa localmente conectada (en pantalla: conexión local)
#   fully connected layer -> capa totalmente conectada (en pantalla: conexión total)
#   dilated / transposed convolution -> convolución dilatada / transpuesta
#   depthwise -> en profundidad       pointwise (1 by 1) -> puntual (1 por 1)
#   depthwise-separable -> separable en profundidad           grouped -> agrupada
#   gradient -> gradiente     upstream gradient -> gradiente entrante    loss -> pérdida
#   backpropagation -> retropropagación                       term -> término
#   unrolled matrix -> matriz desenrollada                    stamp -> estampa, estampar
#   translation equivariance -> equivarianza a la traslación  tick (of an axis) -> marca
#   beat (of the script) -> tramo
# Números: 1 delante de un sustantivo se escribe "un" / "una" (la voz diría "uno filtro");
# 10^9 es "mil millones" y 10^12 "billones" (escala larga), nunca "billón" por "billion".
# La notación no se traduce: w0[i,j,c], o(x,y,d), x[i,j], b0, dL/dw, 3 x 3.

## TheQuestion (primera de la lección: la pregunta de un estudiante, respondida en sus primeros 45 segundos)

TheQuestion = La pregunta: ¿comparten pesos estas dos neuronas?

TheQuestion-question =
    <mark name="edges"/>Mismo color, mismo peso: en un diagrama 1-D cada neurona reutiliza
    { $taps } colores. <mark name="filter"/>Pero un filtro solo tiene { $colours } colores:
    <mark name="where"/>¿dónde se comparte? <mark name="ask"/>¿Comparten pesos { $first } y { $same }?
    .title = La pregunta de un estudiante

TheQuestion-two-neurons =
    En la demo, w0 se posa en dos bloques: <mark name="first"/>{ $first } = { $first_value },
    <mark name="second"/>{ $same } = { $same_value }, <mark name="colours"/>con los mismos colores.
    <mark name="notation"/>La demo pone primero la columna: { $same } es la fila { $row }, columna { $col }.
    .title = Dos neuronas, un filtro

TheQuestion-answer =
    Sí: todas las neuronas de un corte de profundidad usan el mismo filtro;
    { $has_other ->
        [yes] <mark name="other"/>otro corte, otro filtro: { $other } usa { $other_filter };
       *[no] <mark name="other"/>{ "" }
    }
    <mark name="channels"/>dentro de un filtro cada peso es distinto, un corte por canal de entrada.
    <mark name="proof"/>El resto de la lección es la demostración.
    .title = La respuesta: un corte de profundidad, un filtro

## 1. SlidingFilter

SlidingFilter = Un filtro, los mismos nueve colores en todas partes

SlidingFilter-one-filter =
    Aquí tenemos un filtro de { $rows } por { $cols } pesos.
    <mark name="colours"/>Cada peso tiene su propio color y su propio nombre.
    <mark name="padding"/>{ $padding ->
        [0] La entrada no tiene borde de relleno.
       *[other] La entrada se rellena con un borde de ceros.
    }
    .title = Un filtro, sus propios colores

SlidingFilter-lands =
    Colocamos el filtro en la esquina superior izquierda.
    <mark name="taps"/>Cada celda de entrada que queda debajo toma el color del peso que la multiplica.
    <mark name="products"/>Multiplicamos, <mark name="sum"/>sumamos, añadimos el sesgo: <mark name="result"/>un número de salida.
    .title = El filtro se posa sobre la entrada

SlidingFilter-slide =
    Deslizamos el filtro { $stride ->
        [1] celda a celda
       *[other] de { $stride } en { $stride } celdas
    }. En cada posición, los mismos { $taps } colores caen sobre la entrada, y aparece un número
    de salida más: { $positions } posiciones, { $positions } números de salida, un solo filtro.
    .title = El filtro se desliza

SlidingFilter-touch-question =
    Te toca: ¿qué celdas de la entrada toca { $weight }? Pausa el vídeo y resuélvelo.
    .title = Te toca: las celdas de un peso

SlidingFilter-touch-answer =
    { $weight } toca { $cells ->
        [one] una celda de la entrada
       *[other] { $cells } celdas de la entrada
    }, una en cada posición: vaya donde vaya el filtro, sus pesos van con él.
    .title = Un peso, todas las posiciones

SlidingFilter-same-colours =
    Ahora marcamos cada celda de entrada con los colores de todos los pesos que la tocaron: solo
    { $colours } colores, repetidos por toda la entrada. Cada peso se usó { $spread ->
        [same] { $most ->
            [1] una vez
           *[other] { $most } veces
        }
       *[varied] entre { $least } y { $most } veces
    }. Eso es compartir pesos.
    .title = Los mismos colores en todas partes

## 2. WhyShare

WhyShare = Por qué compartir: el mismo detector en todas partes

WhyShare-picture =
    Esta vez, una fotografía real: la imagen { $image } de scikit-image, <mark name="size"/>de { $size } por { $size }
    píxeles, <mark name="black"/>con un brillo que va de 0 para el negro <mark name="white"/>a { $white } para el blanco.
    <mark name="detector"/>Y un detector de bordes clásico, <mark name="filter"/>{ $detector ->
        [sobel_y] el filtro de Sobel para bordes horizontales
        [prewitt_x] el filtro de Prewitt para bordes verticales
        [prewitt_y] el filtro de Prewitt para bordes horizontales
       *[sobel_x] el filtro de Sobel para bordes verticales
    }: <mark name="weights"/>nueve pesos, cada uno con su propio color.
    .title = Una imagen real, un detector clásico

WhyShare-same-detector =
    Colocamos el filtro sobre la imagen: <mark name="taps"/>cada píxel que queda debajo toma el color
    del peso que le corresponde. <mark name="multiply"/>Multiplicamos y sumamos: <mark name="pixel"/>un píxel
    del mapa de características. <mark name="positive"/>En un borde de oscuro a claro, la respuesta es grande;
    <mark name="negative"/>en el borde contrario, es negativa; <mark name="flat"/>en una zona lisa, es cero.
    <mark name="everywhere"/>Después, los mismos { $weights } pesos, con los mismos colores, en cada posición.
    .title = El mismo detector en todas partes

WhyShare-move =
    Ahora movemos la imagen: { $rows } { $up_or_down ->
        [up] hacia arriba
       *[down] hacia abajo
    } y { $cols } { $left_or_right ->
        [left] a la izquierda
       *[right] a la derecha
    }. <mark name="again"/>Aplicamos otra vez el mismo detector. <mark name="moves"/>El mapa de características
    se mueve exactamente lo mismo y, por lo demás, es idéntico: <mark name="frame"/>dentro del marco gris,
    <mark name="largest"/>la mayor diferencia es { $largest }. <mark name="equivariance"/>Eso es la
    equivarianza a la traslación, y <mark name="sharing"/>se debe a que los pesos se comparten.
    .title = Movemos la imagen: el mapa se mueve

WhyShare-own-weights =
    Comparemos con una capa localmente conectada de la misma forma: <mark name="copies"/>cada una de las
    { $positions } posiciones tiene su propia copia del filtro de { $detector ->
        [prewitt_x] Prewitt
        [prewitt_y] Prewitt
       *[other] Sobel
    }, <mark name="changed"/>y en cada copia se cambia un peso { $jitter ->
        [1] en uno
       *[other] hasta en { $jitter }
    }. <mark name="moved"/>Su mapa de la imagen movida <mark name="differs"/>no es su mapa de antes, movido:
    <mark name="largest"/>la mayor diferencia es { $largest }. <mark name="without"/>Sin compartir,
    un patrón recibe una respuesta distinta <mark name="lands"/>según dónde caiga.
    .title = Pesos propios en cada posición: el mapa no solo se mueve

WhyShare-limits =
    Compartir supone que <mark name="pattern"/>un patrón útil aquí,
    <mark name="everywhere"/>es útil en todas partes. <mark name="so"/>Así, un detector que
    <mark name="differently"/>tendría que actuar distinto en una esquina, <mark name="cannot"/>no puede hacerlo.
    <mark name="stride"/>Y con paso 2 la salida es <mark name="roughly"/>solo aproximadamente equivariante:
    <mark name="one-pixel"/>movemos la imagen un píxel <mark name="changes"/>y el mapa cambia;
    <mark name="closest"/>lo más que se acerca al mapa anterior es una diferencia de { $closest }.
    <mark name="two-pixels"/>Si la movemos dos píxeles, el mapa <mark name="one-cell"/>se mueve exactamente una celda.
    .title = Lo que supone compartir, y dónde deja de valer

## 3. ManyChannels

ManyChannels = Muchos canales: un filtro 3-D, sin compartir entre canales

ManyChannels-rgb-input =
    La entrada tiene { $channels ->
        [1] un solo canal
       *[other] { $channels } canales, como el rojo, el verde y el azul de una imagen
    }: { $height } por { $width } por { $channels }.
    <mark name="filter"/>Así que el filtro es de { $rows } por { $cols } por { $channels }:
    <mark name="slices"/>un corte por canal, cada uno con sus propios pesos y sus propios colores.
    .title = Una entrada RGB, un filtro 3-D

ManyChannels-dot-product =
    Colocamos el filtro en la esquina superior izquierda de todos los canales a la vez.
    <mark name="products"/>Cada canal se multiplica por su propio corte y se suma;
    <mark name="sum"/>las sumas de los canales y el sesgo dan <mark name="result"/>un número de salida.
    .title = El producto escalar abarca todos los canales

ManyChannels-slide =
    Deslizamos el filtro { $stride ->
        [1] celda a celda
       *[other] de { $stride } en { $stride } celdas
    }, { $channels ->
        [1] sobre su único canal
       *[other] sobre los { $channels } canales a la vez
    }. En cada posición, cada canal se encuentra con el mismo corte: sus propios colores, y solo ahí.
    .title = El filtro recorre todos los canales

ManyChannels-no-sharing =
    Pintamos cada celda de entrada con el color de cada peso que la tocó.
    <mark name="same-filter"/>Se usó el mismo filtro en cada posición, pero
    <mark name="own-slice"/>cada canal solo se encontró con su propio corte: los pesos se comparten entre
    posiciones, nunca entre canales.
    .title = Sin compartir entre canales

## 4. DepthSlices

DepthSlices = Cada filtro llena su propio corte de profundidad

DepthSlices-filters =
    { $demo ->
        [yes] Ahora, la capa de la demostración de CS231n, con los números de la pregunta del estudiante:
       *[no] Ahora, la capa propia de la lección, tal como la fija su archivo de parámetros:
    } una entrada de { $height } por { $width } por { $channels },
    <mark name="filters"/>y { $filters ->
        [1] un filtro
       *[other] { $filters } filtros
    } de { $rows } por { $cols } por { $channels }.
    <mark name="own-slice"/>Cada filtro produce su propio corte de profundidad de la salida.
    <mark name="stride"/>El filtro avanza { $stride ->
        [1] celda a celda
       *[other] de { $stride } en { $stride } celdas
    }, sobre la entrada { $padding ->
        [0] sin relleno
        [1] rellenada con un anillo de ceros
       *[other] rellenada con { $padding } anillos de ceros
    }, así que cada corte es de { $out_rows } por { $out_cols }:
    <mark name="deep"/>la salida es de { $out_rows } por { $out_cols } por { $filters }.
    <mark name="random"/>{ $demo ->
        [yes] La demostración en línea sortea números nuevos cada vez que se carga, así que sus números no serán estos; el modo de compartir pesos, sí.
       *[other] { "" }
    }
    .title = Filtros, paso y relleno

DepthSlices-sweep =
    Recorremos la entrada con w0: en cada posición, los mismos { $weights } pesos, con los mismos colores
    claros, se encuentran con otro bloque de la entrada. Cada neurona que calcula w0 va al corte 0, con el color de w0.
    .title = w0 llena el corte 0

DepthSlices-sweep-next =
    Después, w{ $next }, con sus propios { $weights } pesos en colores { $next ->
        [1] oscuros
       *[other] de tono medio
    }, ninguno de los de w{ $previous }: cada neurona que calcula va al corte { $next }, con el color de w{ $next }.
    .title = w{ $next } llena el corte { $next }

DepthSlices-same-slice =
    { $has_same ->
        [yes] Con los nombres de la demostración, <mark name="same"/>{ $first } y { $same } están en el mismo corte de profundidad, en lugares distintos: comparten los { $weights } pesos.
       *[no] <mark name="same"/>{ "" }
    }
    .title = Mismo corte, mismos pesos

DepthSlices-other-question =
    Te toca: { $other } ocupa el mismo lugar que { $first }, en otro corte de profundidad.
    ¿Cuántos pesos comparten? Pausa el vídeo y resuélvelo.
    .title = Te toca: otro corte

DepthSlices-other-answer =
    Ninguno: { $other } lo hace { $filter }, y { $first }, w0. Otro corte, otro filtro:
    no comparten ningún peso, estén donde estén las dos neuronas.
    .title = Otro corte, ningún peso en común

## 6. ColouredEdges1D

ColouredEdges1D = Aristas de colores: pesos compartidos, conexión local y total

ColouredEdges1D-inputs =
    Las entradas, de x[0] a { $last }, en fila, <mark name="outputs"/>y { $outputs ->
        [one] una salida
       *[other] { $outputs } salidas
    } encima. <mark name="convolution"/>Una convolución 1-D: un núcleo de { $taps ->
        [one] un solo peso
       *[other] { $taps } pesos
    }, cada uno con su propio color.
    .title = Entradas y salidas

ColouredEdges1D-output-by-output =
    o[0] lee { $reads } a través de { $weights }: un color por peso.
    <mark name="next"/>{ $outputs ->
        [one] {""}
       *[other] o[1] lee las siguientes entradas, con los mismos colores; y así con todas.
    }
    .title = Salida a salida

ColouredEdges1D-one-colour =
    Todas las aristas de un mismo color son un único peso: { $weights ->
        [one] un peso
       *[other] { $weights } pesos
    } en total.
    .title = Un color, un peso

ColouredEdges1D-local =
    Las mismas aristas sin compartir: cada salida tiene { $taps ->
        [one] su propio peso
       *[other] sus propios { $taps } pesos
    }. La paleta se dispara a { $colours ->
        [one] un color
       *[other] { $colours } colores
    }.
    .title = Conexión local

ColouredEdges1D-dense =
    Totalmente conectada: cada entrada llega a todas las salidas, cada arista con su propio peso: { $weights ->
        [one] un peso
       *[other] { $weights } pesos
    }. { $coloured ->
        [yes] Cada color aparece una sola vez.
       *[no] Son demasiados para distinguirlos por el color, así que van en gris: cada uno se usa una sola vez.
    }
    .title = Conexión total

ColouredEdges1D-what-sharing-buys =
    { $shared ->
        [one] Un peso
       *[other] { $shared } pesos
    } frente a { $local } y { $dense }: compartir mantiene { $shared ->
        [one] el único peso del núcleo
       *[other] los { $shared } pesos del núcleo
    }, por larga que sea la entrada.
    .title = Lo que se gana compartiendo

## 7. UnrolledMatrix

UnrolledMatrix = La matriz de pesos desenrollada

UnrolledMatrix-one-matrix =
    Toda la capa como una sola matriz W: <mark name="rows"/>{ $rows } filas, una por celda de salida,
    <mark name="cols"/>y { $cols } columnas, una por celda de entrada.
    <mark name="product"/>La salida es W por la entrada, aplanada.
    .title = Una sola matriz

UnrolledMatrix-rows =
    Esté donde esté la ventana sobre la entrada, la fila correspondiente de W contiene los pesos del
    filtro, con sus colores, bajo las celdas de entrada que multiplican.
    .title = Cada fila es el filtro, desplazado

UnrolledMatrix-diagonal =
    Un peso, { $weight }, ocupa el mismo lugar en cada fila: su color recorre una diagonal.
    <mark name="every"/>Así ocurre con todos: W es una matriz de Toeplitz (doblemente por bloques).
    .title = Mismo color, misma diagonal

UnrolledMatrix-against =
    Sin compartir, las mismas ventanas dan a cada fila pesos propios ({ $local ->
        [one] un peso
       *[other] { $local } pesos
    }); una capa totalmente conectada llena todas las casillas ({ $dense ->
        [one] un peso
       *[other] { $dense } pesos
    }). La convolución necesita { $shared ->
        [one] un solo peso
       *[other] { $shared } pesos
    }.
    .title = Frente a la conexión local y la total

## 8. SharedGradient

SharedGradient = El gradiente de un peso compartido

SharedGradient-one-weight =
    Elegimos un peso del filtro, { $weight }.
    <mark name="sharing"/>Compartir significa que se usa en cada posición que visita el filtro:
    <mark name="uses"/>{ $uses ->
        [one] aquí, una vez.
       *[other] aquí, { $uses } veces.
    }
    <mark name="channel"/>{ $channels ->
        [one] {""}
       *[other] Solo lo ve su propio canal de entrada, { $slice }.
    }
    .title = Un peso, muchos lugares

SharedGradient-from-above =
    La retropropagación trae, desde las capas superiores, <mark name="loss"/>cuánto cambia la pérdida
    con cada salida: <mark name="upstream"/>el gradiente entrante { $upstream }.
    .title = El gradiente que llega de arriba

SharedGradient-term-per-use =
    En cada uso, { $weight } multiplicó un valor de entrada. Ese uso suma entrada × dL/do al
    gradiente del peso: un término por posición.
    .title = Un término por uso

SharedGradient-sum-question =
    Te toca: suma { $terms ->
        [one] el único término
       *[other] los { $terms } términos
    }. ¿Cuánto vale dL/d{ $weight }? Pausa el vídeo y calcúlalo.
    .title = Te toca: la suma

SharedGradient-adding-up =
    El gradiente del peso compartido { $terms ->
        [one] es su único término
       *[other] suma los { $terms } términos
    }: <mark name="result"/>dL/d{ $weight } = { $total }.
    <mark name="every"/>Cada posición en la que se usó aporta su parte.
    .title = La suma

SharedGradient-without-sharing =
    En una capa localmente conectada, cada posición tiene su copia del peso: la de la salida
    { $output } se usa una vez, y su gradiente tiene { $local ->
        [one] un solo término
       *[other] { $local } términos
    }. <mark name="sharing"/>Al compartir, { $shared ->
        [one] hay un solo término
       *[other] se suman { $shared } términos
    }.
    .title = Sin compartir, un solo término

## 9. ParameterCounts

ParameterCounts = Lo que se gana compartiendo: el número de parámetros

ParameterCounts-lecture-layer =
    Nuestra capa, construida de tres maneras: como convolución tiene { $shared_power ->
        [6] { $shared } millones de
        [9] { $shared } mil millones de
        [12] { $shared } billones de
       *[other] { $shared }
    } parámetros; localmente conectada, { $local_power ->
        [6] { $local } millones
        [9] { $local } mil millones
        [12] { $local } billones
       *[other] { $local }
    }; totalmente conectada, { $dense_power ->
        [6] { $dense } millones
        [9] { $dense } mil millones
        [12] { $dense } billones
       *[other] { $dense }
    }.
    .title = La capa de la lección

ParameterCounts-realistic =
    Una primera capa con { $filters } filtros sobre una imagen en color de { $size } por { $size }: { $shared_power ->
        [6] { $shared } millones de
        [9] { $shared } mil millones de
        [12] { $shared } billones de
       *[other] { $shared }
    } parámetros compartidos, { $local_power ->
        [6] { $local } millones
        [9] { $local } mil millones
        [12] { $local } billones
       *[other] { $local }
    } con conexión local, { $dense_power ->
        [6] { $dense } millones
        [9] { $dense } mil millones
        [12] { $dense } billones
       *[other] { $dense }
    } con conexión total.
    .title = Una capa realista

ParameterCounts-magnitude =
    Cada marca del eje vale diez veces la anterior. <mark name="convolution"/>Los { $shared_power ->
        [6] { $shared } millones de
        [9] { $shared } mil millones de
        [12] { $shared } billones de
       *[other] { $shared }
    } parámetros de la convolución no crecen con la imagen; <mark name="unshared"/>sin compartir, crecen
    con cada celda de salida.
    .title = Órdenes de magnitud

## 10. DilatedConv

DilatedConv = Convolución dilatada: los mismos pesos, separados

DilatedConv-spread =
    Volvemos al primer corte de w0, los mismos { $rows } por { $cols } pesos, ahora con dilatación { $dilation }:
    <mark name="laid"/>sus pesos se colocan sobre la entrada a { $dilation ->
        [1] una celda
       *[other] { $dilation } celdas
    } de distancia.
    .title = Los mismos pesos, separados

DilatedConv-gaps =
    Lo colocamos sobre la entrada: los { $taps ->
        [9] nueve
       *[other] { $taps }
    } colores caen { $dilation ->
        [1] uno junto a otro: la dilatación 1 no deja huecos.
       *[other] con huecos entre ellos.
    } <mark name="patch"/>Ahora un número de salida ve una región
    de { $rows } por { $cols } de la entrada, <mark name="same"/>a través de los mismos { $taps } pesos.
    .title = Colores con huecos

DilatedConv-slide =
    Se desliza como cualquier convolución: en cada posición, los mismos pesos{ $dilation ->
        [1] { "" }
       *[other] { " " }con los mismos huecos
    }.
    .title = Los mismos colores en todas partes

DilatedConv-field =
    { $dilation ->
        [1] Con dilatación 1, una salida ve { $plain_rows } por { $plain_cols } entradas,
            <mark name="dilated"/>como sin ella, <mark name="both"/>a través de { $weights } pesos:
            una dilatación mayor reparte los mismos pesos sobre una región mayor.
       *[other] Sin dilatación, una salida ve { $plain_rows } por { $plain_cols } entradas;
            <mark name="dilated"/>con dilatación { $dilation }, { $rows } por { $cols }.
            <mark name="both"/>Las dos usan { $weights } pesos: el campo receptivo crece, el número de parámetros no.
    }
    .title = El campo crece, los pesos no

## 11. TransposedConv

TransposedConv = Convolución transpuesta: cada celda de entrada estampa el filtro

TransposedConv-other-way =
    La convolución transpuesta va al revés: una entrada de { $in_rows } por { $in_cols }
    <mark name="becomes"/>se convierte en una salida de { $out_rows } por { $out_cols }.
    <mark name="size"/>Cada lado es el { $in_rows } de la entrada menos 1, por el paso { $stride }, más el
    alcance del filtro, { $span }{ $cropped ->
        [0] { "" }
       *[other] , menos las { $cropped } celdas que recorta el relleno
    }{ $extra ->
        [0] { "" }
       *[other] , más { $extra } de relleno de salida
    }.
    <mark name="stamps"/>Cada celda de entrada estampa <mark name="filter"/>el filtro entero en la salida,
    escalado por su valor.
    .title = Compartir en la otra dirección

TransposedConv-stamps =
    Tomamos una celda de entrada. <mark name="multiply"/>Multiplicamos cada peso del filtro por su valor y
    colocamos el resultado sobre la salida, con los colores del filtro en su sitio. La celda siguiente
    estampa los mismos pesos { $stride ->
        [1] una celda
       *[other] { $stride } celdas
    } más allá.
    .title = Una estampa por celda de entrada

TransposedConv-overlaps =
    Donde las estampas se solapan, sus productos se suman. <mark name="stride"/>Con paso { $stride }, los
    solapamientos forman un patrón: las celdas de salida reciben { $kinds ->
        [1] { $last ->
            [1] una estampa
           *[other] { $last } estampas
        }
       *[other] { $others } o { $last } estampas
    }. <mark name="adds"/>Esta celda suma { $most ->
        [1] un producto
       *[other] { $most } productos
    }.
    .title = Los solapamientos se suman

TransposedConv-matrix =
    Ahora tomamos la convolución ordinaria, que lleva { $out_rows } por { $out_cols } entradas
    a { $in_rows } por { $in_cols } salidas, <mark name="matrix"/>escrita como una sola matriz W.
    <mark name="row"/>La fila { $row } de W, <mark name="laid"/>dispuesta como la salida, es exactamente la
    estampa de la celda de entrada { $row }. <mark name="transposed"/>La convolución transpuesta es W
    transpuesta por x: los mismos pesos, compartidos en la otra dirección.
    .title = La transpuesta de la matriz de la convolución

## 12. SeparableConv

SeparableConv = Convoluciones en profundidad, 1x1 y separables en profundidad

SeparableConv-standard =
    Una convolución estándar como tabla: una columna por canal de entrada, una fila por corte de salida.
    <mark name="slices"/>Cada filtro tiene un corte de { $kernel } por { $kernel } para cada canal:
    <mark name="full"/>las { $cells } casillas están llenas, { $weights } pesos.
    .title = Cada filtro lee todos los canales

SeparableConv-depthwise =
    Una convolución en profundidad da a cada canal su propio filtro de { $kernel } por { $kernel }. El
    corte de salida k solo lee el canal k: <mark name="diagonal"/>las casillas fuera de la diagonal quedan
    vacías, <mark name="mix"/>los canales no se mezclan: { $weights } pesos.
    .title = En profundidad: un filtro por canal

SeparableConv-pointwise =
    Una convolución puntual, de 1 por 1, tiene un peso por cada corte de salida y canal de entrada, usado
    en cada posición: <mark name="count"/>{ $weights } pesos. Aplicada tras la convolución en profundidad,
    mezcla los canales. <mark name="together"/>Juntas forman un bloque separable en profundidad.
    .title = Después, una etapa de 1 por 1 mezcla los canales

SeparableConv-realistic =
    Una capa de 3 por 3 de 64 a 128 canales: { $standard } pesos la estándar; { $grouped } con
    4 grupos; la separable en profundidad, { $depthwise } más { $pointwise }, es decir, { $separable }.
    Sin contar los sesgos.
    .title = Una capa realista

## Recap (última de la lección: las reglas en una pantalla)

Recap = Resumen: las reglas de los pesos compartidos

Recap-rules =
    <mark name="slice"/>Un corte de profundidad, un filtro: todas las neuronas de un corte usan los mismos
    pesos, en cada posición que visita el filtro. <mark name="other"/>{ $has_other ->
        [yes] Otro corte, otro filtro: { $other } no comparte ningún peso con sus vecinas del corte 0.
       *[no] Otro corte tendría otro filtro.
    }
    <mark name="inside"/>Dentro de un filtro cada peso es distinto, y cada canal de entrada tiene su propio
    corte: nada se comparte entre canales. <mark name="without"/>Sin compartir, cada posición tiene sus
    propios pesos: { $local } parámetros con conexión local, { $dense } con conexión total, frente a
    { $shared } de la convolución. <mark name="gradient"/>Y al entrenar, el gradiente de un peso compartido
    suma un término por posición: { $positions } términos, uno por cada uso.
    .title = Las reglas en una pantalla

## ExerciseVideo (fuera de la lección: el ejercicio de un estudiante, renderizado aparte, issue #27)

ExerciseVideo = Tu ejercicio, con tus propios números

ExerciseVideo-layer =
    Este ejercicio es tuyo: sus números salen de tu propia capa. La entrada es de { $size } por
    { $size }, { $channels ->
        [one] con un canal,
       *[other] con { $channels } canales,
    } { $padding ->
        [0] sin relleno.
       *[other] con un borde de ceros de relleno.
    }
    <mark name="filters"/>{ $filters ->
        [one] Un filtro de { $kernel } por { $kernel } pesos se desliza
       *[other] { $filters } filtros de { $kernel } por { $kernel } pesos se deslizan
    } sobre ella con paso { $stride }.
    .title = Tu capa

ExerciseVideo-output-cell-question =
    Tu pregunta: calcula la salida { $cell }, columna { $column }, fila { $row } del corte de
    profundidad { $slice }. Multiplica cada peso del filtro { $filter } por la entrada que tiene
    debajo, suma los productos y añade el sesgo. Pausa el vídeo y resuélvelo.
    .title = La pregunta: una salida

ExerciseVideo-output-cell-products =
    Aquí está el filtro { $filter } sobre su ventana. <mark name="products"/>Peso por entrada, celda a
    celda. <mark name="sum"/>Los productos de cada canal se suman, <mark name="bias"/>y el sesgo se
    añade a la suma.
    .title = La solución: productos y suma

ExerciseVideo-output-cell-answer =
    Así que { $cell } vale { $answer }.
    .title = La respuesta

ExerciseVideo-weight-reach-question =
    Tu pregunta: mientras el filtro { $filter } recorre toda la entrada, ¿cuántas celdas de la
    entrada, sin contar el relleno, multiplica el peso { $weight }? Pausa el vídeo y resuélvelo.
    .title = La pregunta: dónde cae un peso

ExerciseVideo-weight-reach-sweep =
    Sigue el peso por las { $positions } posiciones: en cada una cae sobre una celda.
    { $padding ->
        [0] Todas son celdas de la entrada.
       *[other] Una celda del relleno no cuenta.
    }
    .title = La solución: posición a posición

ExerciseVideo-weight-reach-answer =
    { $weight } multiplica { $answer ->
        [one] una celda de la entrada.
       *[other] { $answer } celdas de la entrada.
    }
    .title = La respuesta

ExerciseVideo-weight-gradient-question =
    Tu pregunta: aquí está el gradiente entrante, dL/do. ¿Cuánto vale el gradiente de la pérdida
    respecto del peso { $weight }? Pausa el vídeo y calcúlalo.
    .title = La pregunta: el gradiente de un peso

ExerciseVideo-weight-gradient-terms =
    { $weight } se usó en { $uses } posiciones. Cada uso añade un término: la entrada que
    multiplicó, por dL/do en esa salida.
    .title = La solución: un término por uso

ExerciseVideo-weight-gradient-answer =
    Suma { $terms ->
        [one] el único término
       *[other] los { $terms } términos
    }: dL/d{ $weight } = { $answer }.
    .title = La respuesta
