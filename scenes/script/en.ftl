# The lecture's narration in English: what the narrator says over each beat, scene by scene.
#
# Edit the words freely; keep the names on the left of "=", the placeholders { $name } (numbers
# from the layer) and the marks <mark name="..."/> (where the picture waits for the voice).
# A line that continues a text starts with spaces. Checked before anything renders:
# make video says which beat lacks what. Format: Project Fluent (https://projectfluent.org).

## 1. SlidingFilter

SlidingFilter = One filter, the same nine colours everywhere

SlidingFilter-one-filter =
    Here is a filter of { $rows } by { $cols } weights.
    <mark name="colours"/>Every weight has its own colour and its own name.
    <mark name="padding"/>{ $padding ->
        [0] The input has no border of padding.
       *[other] The input is padded with a border of zeros.
    }
    .title = One filter, its own colours

SlidingFilter-lands =
    Lay the filter on the top-left corner.
    <mark name="taps"/>Each input cell under it takes the colour of the weight it is multiplied by.
    <mark name="products"/>Multiply, <mark name="sum"/>add up, add the bias: <mark name="result"/>one output number.
    .title = The filter lands on the input

SlidingFilter-slide =
    Slide the filter { $stride ->
        [1] one cell
       *[other] { $stride } cells
    } at a time. At every position the same { $taps } colours land on the input, and one more
    output number appears: { $positions } positions, { $positions } output numbers, one filter.
    .title = Sliding

SlidingFilter-touch-question =
    Your turn: which input cells does { $weight } touch? Pause the video and work it out.
    .title = Your turn: one weight's cells

SlidingFilter-touch-answer =
    { $weight } touches { $cells ->
        [one] one input cell
       *[other] { $cells } input cells
    }, one at each position: wherever the filter goes, its weights go with it.
    .title = One weight, every position

SlidingFilter-same-colours =
    Now mark every input cell with the colours of all the weights that touched it: only
    { $colours } colours, reused all over the input. Each weight was used { $spread ->
        [same] { $most ->
            [1] once
           *[other] { $most } times
        }
       *[varied] { $least } to { $most } times
    }. That is weight sharing.
    .title = The same colours everywhere

## 2. WhyShare

WhyShare = Why share: the same detector everywhere

WhyShare-picture =
    A real photograph this time: the { $image } picture from scikit-image, <mark name="size"/>{ $size } by { $size }
    pixels, <mark name="black"/>brightness from 0 for black <mark name="white"/>to { $white } for white.
    <mark name="detector"/>And a classic edge detector, <mark name="filter"/>{ $detector ->
        [sobel_y] the Sobel filter for horizontal edges
        [prewitt_x] the Prewitt filter for vertical edges
        [prewitt_y] the Prewitt filter for horizontal edges
       *[sobel_x] the Sobel filter for vertical edges
    }: <mark name="weights"/>nine weights, each in its own colour.
    .title = A real picture, a classic detector

WhyShare-same-detector =
    Lay the filter on the picture: <mark name="taps"/>each pixel under it takes the colour of the weight
    it meets. <mark name="multiply"/>Multiply, add up: <mark name="pixel"/>one pixel of the feature map.
    <mark name="positive"/>On a dark-to-bright edge the answer is large, <mark name="negative"/>on the
    opposite edge it is negative, <mark name="flat"/>on a flat patch it is zero.
    <mark name="everywhere"/>Then the same { $weights } weights, in the same colours, at every position.
    .title = The same detector everywhere

WhyShare-move =
    Now move the picture: { $rows } { $up_or_down ->
        [up] up
       *[down] down
    } and { $cols } { $left_or_right ->
        [left] left
       *[right] right
    }. <mark name="again"/>Run the same detector again. <mark name="moves"/>The feature map moves by
    exactly the same amount and is otherwise identical: <mark name="frame"/>inside the grey frame,
    <mark name="largest"/>the largest difference is { $largest }. <mark name="equivariance"/>That is
    translation equivariance, and <mark name="sharing"/>it comes from sharing the weights.
    .title = Move the picture: the map moves

WhyShare-own-weights =
    Compare a locally connected layer of the same shape: <mark name="copies"/>every one of the
    { $positions } positions has its own copy of the { $detector ->
        [prewitt_x] Prewitt
        [prewitt_y] Prewitt
       *[other] Sobel
    } filter, <mark name="changed"/>and in each copy one weight is changed by { $jitter ->
        [1] one
       *[other] up to { $jitter }
    }. <mark name="moved"/>Its map of the moved picture <mark name="differs"/>is not its map, moved:
    <mark name="largest"/>the largest difference is { $largest }. <mark name="without"/>Without sharing,
    a pattern is answered differently <mark name="lands"/>depending on where it lands.
    .title = Own weights everywhere: the map does not just move

WhyShare-limits =
    Sharing assumes that <mark name="pattern"/>a pattern worth finding in one place
    <mark name="everywhere"/>is worth finding everywhere. <mark name="so"/>So a detector that
    <mark name="differently"/>should behave differently in one corner <mark name="cannot"/>cannot.
    <mark name="stride"/>And with stride 2 the output is <mark name="roughly"/>only roughly equivariant:
    <mark name="one-pixel"/>move the picture by one pixel <mark name="changes"/>and the map changes;
    <mark name="closest"/>the closest it comes to the old map is a difference of { $closest }.
    <mark name="two-pixels"/>Move it by two pixels and the map <mark name="one-cell"/>moves by one cell exactly.
    .title = What sharing assumes, and where it stops

## 3. ManyChannels

ManyChannels = Many channels: a 3-D filter, no sharing across channels

ManyChannels-rgb-input =
    The input has { $channels ->
        [1] one channel
       *[other] { $channels } channels, like the red, green and blue of an image
    }: { $height } by { $width } by { $channels }.
    <mark name="filter"/>So the filter is { $rows } by { $cols } by { $channels }:
    <mark name="slices"/>one slice per channel, each with its own weights and its own colours.
    .title = An RGB input, a 3-D filter

ManyChannels-dot-product =
    Lay the filter on the top-left corner of every channel at once.
    <mark name="products"/>Each channel is multiplied by its own slice and summed;
    <mark name="sum"/>the channel sums and the bias add up to <mark name="result"/>one output number.
    .title = The dot product runs over all channels

ManyChannels-slide =
    Slide the filter { $stride ->
        [1] one cell
       *[other] { $stride } cells
    } at a time, over { $channels ->
        [1] its one channel
       *[other] all { $channels } channels together
    }. At every position each channel meets the same slice: its own colours, nowhere else.
    .title = Sliding over every channel

ManyChannels-no-sharing =
    Mark every input cell with the colours of all the weights that touched it.
    <mark name="same-filter"/>The same filter was used at every position, but
    <mark name="own-slice"/>each channel only ever met its own slice: weights are shared across
    positions, never across channels.
    .title = No sharing across channels

## 4. DepthSlices

DepthSlices = Every filter fills its own depth slice

DepthSlices-filters =
    { $demo ->
        [yes] Now the CS231n demo's layer, with the numbers of the learner's question:
       *[no] Now the lecture's own layer, as its parameter file sets it:
    } an input of { $height } by { $width } by { $channels },
    <mark name="filters"/>and { $filters ->
        [1] one filter
       *[other] { $filters } filters
    } of { $rows } by { $cols } by { $channels }.
    <mark name="own-slice"/>Each filter makes its own depth slice of the output.
    <mark name="stride"/>The filter moves { $stride ->
        [1] one cell
       *[other] { $stride } cells
    } at a time, over the input { $padding ->
        [0] without padding
        [1] padded with one ring of zeros
       *[other] padded with { $padding } rings of zeros
    }, so each slice is { $out_rows } by { $out_cols }:
    <mark name="deep"/>the output is { $out_rows } by { $out_cols } by { $filters }.
    <mark name="random"/>{ $demo ->
        [yes] The live demo draws new random numbers each time it loads, so its numbers will differ from these; the sharing will not.
       *[other] { "" }
    }
    .title = Filters, stride and padding

DepthSlices-sweep =
    Sweep w0 over the input: at every position the same { $weights } weights, in the same light
    colours, meet a new block of the input. Every neuron w0 makes goes into slice 0, in w0's colour.
    .title = w0 fills slice 0

DepthSlices-sweep-next =
    Then w{ $next }, with its own { $weights } weights in { $next ->
        [1] dark
       *[other] mid-tone
    } colours, none of w{ $previous }'s: every neuron it makes goes into slice { $next }, in w{ $next }'s colour.
    .title = w{ $next } fills slice { $next }

DepthSlices-same-slice =
    { $has_same ->
        [yes] In the demo's names, <mark name="same"/>{ $first } and { $same } sit in the same depth slice, at different places: they share all { $weights } weights.
       *[no] <mark name="same"/>{ "" }
    }
    .title = Same slice, same weights

DepthSlices-other-question =
    Your turn: { $other } sits at the same place as { $first }, in another depth slice.
    How many weights do they share? Pause the video and work it out.
    .title = Your turn: another slice

DepthSlices-other-answer =
    None: { $other } is made by { $filter }, { $first } by w0. Another slice, another filter:
    no weight in common, wherever the two neurons sit.
    .title = Other slice, no weight in common

## 6. ColouredEdges1D

ColouredEdges1D = Coloured edges: shared, local, fully connected

ColouredEdges1D-inputs =
    Inputs x[0] to { $last } in a row, <mark name="outputs"/>{ $outputs ->
        [one] { $outputs } output
       *[other] { $outputs } outputs
    } above. <mark name="convolution"/>A 1-D convolution: a kernel of { $taps ->
        [one] { $taps } weight
       *[other] { $taps } weights
    }, each with its own colour.
    .title = Inputs and outputs

ColouredEdges1D-output-by-output =
    o[0] reads { $reads } through { $weights }: one colour per weight.
    <mark name="next"/>{ $outputs ->
        [one] {""}
       *[other] o[1] reads the next inputs through the same colours, and so on.
    }
    .title = Output by output

ColouredEdges1D-one-colour =
    Every edge of one colour is one and the same weight: { $weights ->
        [one] { $weights } weight
       *[other] { $weights } weights
    } in all.
    .title = One colour, one weight

ColouredEdges1D-local =
    The same edges without sharing: every output owns its { $taps ->
        [one] { $taps } weight
       *[other] { $taps } weights
    }. The palette explodes to { $colours ->
        [one] { $colours } colour
       *[other] { $colours } colours
    }.
    .title = Locally connected

ColouredEdges1D-dense =
    Fully connected: every input reaches every output, each edge its own weight: { $weights ->
        [one] { $weights } weight
       *[other] { $weights } weights
    }. { $coloured ->
        [yes] Each colour appears once.
       *[no] Too many to tell apart by colour, so they are drawn grey: each is used once.
    }
    .title = Fully connected

ColouredEdges1D-what-sharing-buys =
    { $shared ->
        [one] { $shared } weight
       *[other] { $shared } weights
    } against { $local } and { $dense }: sharing keeps the kernel's { $shared ->
        [one] { $shared } weight
       *[other] { $shared } weights
    }, however long the input.
    .title = What sharing buys

## 7. UnrolledMatrix

UnrolledMatrix = The unrolled weight matrix

UnrolledMatrix-one-matrix =
    The whole layer as one matrix W: <mark name="rows"/>{ $rows } rows, one per output cell,
    <mark name="cols"/>and { $cols } columns, one per input cell.
    <mark name="product"/>The output is W times the input, flattened.
    .title = One matrix

UnrolledMatrix-rows =
    Wherever the window sits on the input, the matching row of W holds the filter's weights, in
    their colours, under the input cells they multiply.
    .title = Each row is the filter, shifted

UnrolledMatrix-diagonal =
    One weight, { $weight }, sits at the same place in every row: its colour runs along a diagonal.
    <mark name="every"/>Every weight does: W is (doubly block) Toeplitz.
    .title = Same colour, same diagonal

UnrolledMatrix-against =
    Without sharing, the same windows give every row weights of its own ({ $local ->
        [one] { $local } weight
       *[other] { $local } weights
    }); a fully connected layer fills every entry ({ $dense ->
        [one] { $dense } weight
       *[other] { $dense } weights
    }). The convolution needs { $shared ->
        [one] { $shared } weight
       *[other] { $shared } weights
    }.
    .title = Against locally and fully connected

## 8. SharedGradient

SharedGradient = The gradient of a shared weight

SharedGradient-one-weight =
    Pick one weight of the filter, { $weight }.
    <mark name="sharing"/>Sharing means it is used at every position the filter visits:
    <mark name="uses"/>{ $uses ->
        [one] once here.
       *[other] { $uses } times here.
    }
    <mark name="channel"/>{ $channels ->
        [one] {""}
       *[other] Only its own input channel, { $slice }, meets it.
    }
    .title = One weight, many places

SharedGradient-from-above =
    Backpropagation brings, from the layers above, <mark name="loss"/>how much the loss changes
    with each output: <mark name="upstream"/>the upstream gradient { $upstream }.
    .title = The gradient from above

SharedGradient-term-per-use =
    At every use, { $weight } multiplied one input value. That use adds input × dL/do to the
    weight's gradient: one term per position.
    .title = One term per use

SharedGradient-sum-question =
    Your turn: add up the { $terms ->
        [one] { $terms } term
       *[other] { $terms } terms
    }. What is dL/d{ $weight }? Pause the video and work it out.
    .title = Your turn: the sum

SharedGradient-adding-up =
    The gradient of the shared weight is the sum of all { $terms ->
        [one] { $terms } term
       *[other] { $terms } terms
    }: <mark name="result"/>dL/d{ $weight } = { $total }.
    <mark name="every"/>Every position it was used at has its say.
    .title = Adding up

SharedGradient-without-sharing =
    In a locally connected layer, each position owns its copy of the weight: the copy at output
    { $output } is used once, so its gradient is { $local ->
        [one] { $local } term
       *[other] { $local } terms
    }. <mark name="sharing"/>Sharing adds up { $shared ->
        [one] { $shared } term
       *[other] { $shared } terms
    }.
    .title = Without sharing, one term

## 9. ParameterCounts

ParameterCounts = What sharing buys: parameter counts

ParameterCounts-lecture-layer =
    Our layer, built three ways: as a convolution it has { $shared_power ->
        [6] { $shared } million
        [9] { $shared } billion
        [12] { $shared } trillion
       *[other] { $shared }
    } parameters; locally connected, { $local_power ->
        [6] { $local } million
        [9] { $local } billion
        [12] { $local } trillion
       *[other] { $local }
    }; fully connected, { $dense_power ->
        [6] { $dense } million
        [9] { $dense } billion
        [12] { $dense } trillion
       *[other] { $dense }
    }.
    .title = The lecture's layer

ParameterCounts-realistic =
    A first layer on a { $size } by { $size } colour image, { $filters } filters: { $shared_power ->
        [6] { $shared } million
        [9] { $shared } billion
        [12] { $shared } trillion
       *[other] { $shared }
    } parameters shared, { $local_power ->
        [6] { $local } million
        [9] { $local } billion
        [12] { $local } trillion
       *[other] { $local }
    } locally connected, { $dense_power ->
        [6] { $dense } million
        [9] { $dense } billion
        [12] { $dense } trillion
       *[other] { $dense }
    } fully connected.
    .title = A realistic layer

ParameterCounts-magnitude =
    Each tick is ten times the last. <mark name="convolution"/>The convolution's { $shared_power ->
        [6] { $shared } million
        [9] { $shared } billion
        [12] { $shared } trillion
       *[other] { $shared }
    } parameters do not grow with the image; <mark name="unshared"/>without sharing they grow with
    every output cell.
    .title = Orders of magnitude

## 10. DilatedConv

DilatedConv = Dilated convolution: the same weights, spread apart

DilatedConv-spread =
    Back to w0's first slice, the same { $rows } by { $cols } weights, now with dilation { $dilation }:
    <mark name="laid"/>its weights are laid { $dilation } { $dilation ->
        [1] cell
       *[other] cells
    } apart on the input.
    .title = The same weights, spread apart

DilatedConv-gaps =
    Lay it on the input: the { $taps ->
        [9] nine
       *[other] { $taps }
    } colours land { $dilation ->
        [1] side by side: dilation 1 leaves no gaps.
       *[other] with gaps between them.
    } <mark name="patch"/>One output number now sees a
    { $rows } by { $cols } patch of the input, <mark name="same"/>through the same { $taps } weights.
    .title = Colours with gaps

DilatedConv-slide =
    It slides like any convolution: at every position, the same weights{ $dilation ->
        [1] { "" }
       *[other] { " " }with the same gaps
    }.
    .title = The same colours everywhere

DilatedConv-field =
    { $dilation ->
        [1] With dilation 1 one output sees { $plain_rows } by { $plain_cols } inputs,
            <mark name="dilated"/>as without it, <mark name="both"/>through { $weights } weights:
            a larger dilation spreads the same weights over a larger patch.
       *[other] Without dilation one output sees { $plain_rows } by { $plain_cols } inputs;
            <mark name="dilated"/>with dilation { $dilation }, { $rows } by { $cols }.
            <mark name="both"/>Both use { $weights } weights: the receptive field grows, the parameter count does not.
    }
    .title = The field grows, the weights do not

## 11. TransposedConv

TransposedConv = Transposed convolution: every input cell stamps the filter

TransposedConv-other-way =
    A transposed convolution runs the other way: a { $in_rows } by { $in_cols } input
    <mark name="becomes"/>becomes a { $out_rows } by { $out_cols } output.
    <mark name="size"/>Each side is the input's { $in_rows } minus 1, times the stride { $stride }, plus the
    filter's span { $span }{ $cropped ->
        [0] { "" }
       *[other] , minus the { $cropped } cells padding crops
    }{ $extra ->
        [0] { "" }
       *[other] , plus { $extra } of output padding
    }.
    <mark name="stamps"/>Each input cell stamps <mark name="filter"/>the whole filter onto the output,
    scaled by its value.
    .title = Sharing in the other direction

TransposedConv-stamps =
    Take one input cell. <mark name="multiply"/>Multiply every weight of the filter by its value and
    lay the result on the output, the filter's colours in place. The next cell stamps the same
    weights, { $stride } { $stride ->
        [1] cell
       *[other] cells
    } further on.
    .title = One stamp per input cell

TransposedConv-overlaps =
    Where stamps overlap, their products add up. <mark name="stride"/>With stride { $stride } the
    overlaps form a pattern: output cells receive { $kinds ->
        [1] { $last } { $last ->
            [1] stamp
           *[other] stamps
        }
       *[other] { $others } or { $last } stamps
    }. <mark name="adds"/>This cell adds { $most } { $most ->
        [1] product
       *[other] products
    }.
    .title = Overlaps add up

TransposedConv-matrix =
    Now take the ordinary convolution that maps a { $out_rows } by { $out_cols } image to
    { $in_rows } by { $in_cols }, <mark name="matrix"/>written as one matrix W.
    <mark name="row"/>Row { $row } of W, <mark name="laid"/>laid out like the output, is exactly the
    stamp of input cell { $row }. <mark name="transposed"/>The transposed convolution is W
    transposed times x: the same weights, shared in the other direction.
    .title = The transpose of the convolution's matrix

## 12. SeparableConv

SeparableConv = Depthwise, 1x1 and depthwise-separable convolutions

SeparableConv-standard =
    A standard convolution as a table: one column per input channel, one row per output slice.
    <mark name="slices"/>Every filter has a { $kernel } by { $kernel } slice for every channel:
    <mark name="full"/>all { $cells } cells are full, { $weights } weights.
    .title = Every filter reads every channel

SeparableConv-depthwise =
    A depthwise convolution gives each channel its own { $kernel } by { $kernel } filter. Output
    slice k reads channel k only: <mark name="diagonal"/>the cells off the diagonal stay empty,
    <mark name="mix"/>no channels mix. { $weights } weights.
    .title = Depthwise: one filter per channel

SeparableConv-pointwise =
    A pointwise, 1 by 1, convolution has one weight per output slice and input channel, used at
    every position: <mark name="count"/>{ $weights } weights. On the depthwise output it mixes the
    channels. <mark name="together"/>Together: a depthwise-separable block.
    .title = Then a 1 by 1 step mixes the channels

SeparableConv-realistic =
    A 3 by 3 layer from 64 to 128 channels: { $standard } weights standard; { $grouped } with
    4 groups; depthwise-separable, { $depthwise } plus { $pointwise }, that is { $separable }.
    Biases not counted.
    .title = A realistic layer

## TheQuestion (first in the lecture: the learner's question, answered in its first 45 seconds)

TheQuestion = The question: do these two neurons share weights?

TheQuestion-question =
    <mark name="edges"/>Same colour, same weight: in a 1-D diagram every neuron reuses
    { $taps } colours. <mark name="filter"/>But a filter alone has { $colours } colours:
    <mark name="where"/>where is the sharing? <mark name="ask"/>Do { $first } and { $same } share weights?
    .title = A learner's question

TheQuestion-two-neurons =
    In the demo, w0 meets two blocks: <mark name="first"/>{ $first } = { $first_value },
    <mark name="second"/>{ $same } = { $same_value }, <mark name="colours"/>in the same colours.
    <mark name="notation"/>The demo puts the column first: { $same } is row { $row }, column { $col }.
    .title = Two neurons, one filter

TheQuestion-answer =
    Yes: every neuron of one depth slice uses the same filter;
    { $has_other ->
        [yes] <mark name="other"/>another slice, another filter: { $other } uses { $other_filter };
       *[no] <mark name="other"/>{ "" }
    }
    <mark name="channels"/>inside a filter, every weight differs, one slice per input channel.
    <mark name="proof"/>The rest of the lecture is the proof.
    .title = The answer: one depth slice, one filter

## Recap (last in the lecture: the rules on one screen)

Recap = Recap: the rules of weight sharing

Recap-rules =
    <mark name="slice"/>One depth slice, one filter: every neuron of a slice uses the same weights,
    at every position the filter visits. <mark name="other"/>{ $has_other ->
        [yes] Another slice, another filter: { $other } shares no weight with its neighbours in slice 0.
       *[no] Another slice would have another filter.
    }
    <mark name="inside"/>Inside a filter every weight differs, and each input channel has its own
    slice: nothing is shared across channels. <mark name="without"/>Without sharing, every position
    owns its weights: { $local } parameters locally connected, { $dense } fully connected, against
    { $shared } for the convolution. <mark name="gradient"/>And in training, a shared weight's
    gradient adds up one term for each of the { $positions } positions it was used at.
    .title = The rules on one screen

## ExerciseVideo (not in the lecture: one student's exercise, rendered on its own, issue #27)

ExerciseVideo = Your exercise, with your own numbers

ExerciseVideo-layer =
    This exercise is yours: its numbers come from your own layer. The input is { $size } by
    { $size }, { $channels ->
        [one] one channel,
       *[other] { $channels } channels,
    } { $padding ->
        [0] with no padding.
       *[other] padded with a border of zeros.
    }
    <mark name="filters"/>{ $filters ->
        [one] One filter
       *[other] { $filters } filters
    } of { $kernel } by { $kernel } weights slide over it with stride { $stride }.
    .title = Your layer

ExerciseVideo-output-cell-question =
    Your question: compute the output { $cell }, column { $column }, row { $row } of depth slice
    { $slice }. Multiply each weight of filter { $filter } with the input under it, add up the
    products, and add the bias. Pause the video and work it out.
    .title = The question: one output

ExerciseVideo-output-cell-products =
    Here is filter { $filter } on its window. <mark name="products"/>Weight times input, cell by cell.
    <mark name="sum"/>Each channel's products add up, <mark name="bias"/>and the bias joins the sum.
    .title = The solution: products and sum

ExerciseVideo-output-cell-answer =
    So { $cell } is { $answer }.
    .title = The answer

ExerciseVideo-weight-reach-question =
    Your question: as filter { $filter } sweeps the whole input, how many input cells, not
    counting padding, does the weight { $weight } multiply? Pause the video and work it out.
    .title = The question: where one weight lands

ExerciseVideo-weight-reach-sweep =
    Follow the weight through all { $positions } positions: at each one it lands on one cell.
    { $padding ->
        [0] Every one of them is an input cell.
       *[other] A cell of the padding does not count.
    }
    .title = The solution: position by position

ExerciseVideo-weight-reach-answer =
    { $weight } multiplies { $answer ->
        [one] one input cell.
       *[other] { $answer } input cells.
    }
    .title = The answer

ExerciseVideo-weight-gradient-question =
    Your question: here is the upstream gradient, dL/do. What is the gradient of the loss with
    respect to the weight { $weight }? Pause the video and work it out.
    .title = The question: the gradient of one weight

ExerciseVideo-weight-gradient-terms =
    { $weight } was used at { $uses } positions. Every use adds one term: the input it
    multiplied, times dL/do at that output.
    .title = The solution: one term per use

ExerciseVideo-weight-gradient-answer =
    Add up the { $terms ->
        [one] one term
       *[other] { $terms } terms
    }: dL/d{ $weight } = { $answer }.
    .title = The answer
