"""Variants of the fast content model, compared out of fold on the training split (issue 3).

    .venv/bin/python benchmarks/eval_content_variants.py [--data ../shared/data]
        [--variants shipped,quran-en6,...] [--test] [--deals N]

Each variant changes one choice of the shipped fast model (regularisation, n-gram length,
family weights, hashed word 1-2-grams beside the character n-grams, length bands, which short
positives are learnt). For each, the training side of the default split
(:func:`nohaven.classify.training.training_set` with every positive kept: the test split is
not read but with ``--test``) is scored out of fold, five folds grouped by account as in
training (the groups dealt by size, as training deals them, or again at random with a
variant's ``fold_seed``: the deal alone moves out-of-fold recall by 4-5 points, see below),
then Platt-calibrated; the threshold is set exactly as for the shipped model
(:func:`~nohaven.classify.training.threshold_by_family`). Positives shorter than a variant's
``min_positive_chars`` get no weight in its training but are still scored, so every variant is
judged on the same positives. Printed per variant, one JSON line: the threshold and the family
that sets it, the recall of the positives at it (all, and those of 20 and of 40 characters and
more once cleaned), the ROC-AUC against the hard negatives pooled (all positives, and those of
20 characters and more) and against some single families (all positives). About 3.5 minutes a
variant on one quiet core with the shipped settings (2026-12-04; word n-grams and the
label-cleaning variants take longer).

Also printed: the share of short texts (under 20 characters once cleaned) flagged among the
negatives and found among the positives, and how many of 26 everyday short posts
(:data:`EVERYDAY`: greetings, thanks, "بسم الله", "Eid Mubarak!"; none should be flagged)
and of the 45 held-out written everyday posts a model fit on the whole training side flags.
With ``--test`` that model also scores the test split once, at the out-of-fold threshold
(recall, ROC-AUC and flag rate against the pooled hard negatives, and some families' ROC-AUC
and flag rate): to confirm a choice made out of fold, never to make it.

Measured (2026-12-03, late), threshold, recall on positives of 20 characters and more,
hard-negative ROC-AUC on those positives, everyday posts flagged (of 26 and of 45):
``previous`` (the model shipped before: one bias, every positive learnt, C 4) 0.944, 0.455,
0.948, 9 and 14; bands alone (C 4) 0.929, 0.529, 0.955, 12 and 24 (the short band is mostly
positives: replies, bare links and fragments); bands with positives under 20 characters not
learnt (``c4``) 0.921, 0.563, 0.954, 0 and 0; the same with C 8 (``shipped``) 0.921, 0.587,
0.954, 0 and 0 (the training itself, whose folds hold no short positives, gets 0.907 and
60.9%); ``c16`` 0.900, 0.641, 0.949. At C 4: band weight 2 0.921, 0.561, 0.954; positives
under 15 left out 0.922, 0.561, 0.954, under 30 0.909, 0.592, 0.953, under 40 0.908, 0.555,
0.909 (every positive under 40 then scores low); with the written everyday posts learnt too,
0.922, 0.542, 0.948, and bands with every positive and the everyday posts 0.971 and 0.263
(they set the threshold). Label
cleaning (``clean0.2``: each fit drops the fifth of its positives that an inner out-of-fold
model scores lowest) on the previous model: 0.940, 0.412, hard-negative ROC-AUC 0.948 on all
positives, 10 of 26 everyday posts: it drops the hard, news-like positives, not the replies.

Measured (2026-12-03, night), the same figures, against ``shipped`` (plain logistic regression,
0.921, 0.587, 0.954, 0 and 0): NB-LR (``nb``: n-gram columns scaled by their
smoothed log-count ratio under the two labels before the regression) with smoothing 1
(``nb1``) 0.906, 0.630, 0.961 (all positives 0.557 recall, hard-negative ROC-AUC 0.951 against
the shipped 0.932), 0 and 0; ``nb1-abs`` (the ratio's magnitude) gives exactly the same, as it
must (an L2 penalty cannot tell a column's sign); smoothing 0.3 0.894, 0.658, 0.962; 0.1
(``nb0.1``) 0.888, 0.680, 0.962 (all positives 0.605 and 0.951; every family's ROC-AUC up:
verified news and counter accounts 0.887 -> 0.911, English Qur'an 0.874 -> 0.883, general
Arabic 0.943 -> 0.973), 0 and 0; 0.03 0.893, 0.674, 0.961; 0.01 0.902, 0.655, 0.960; with
smoothing 0.1, C 4 0.887, 0.670, 0.962 and C 16 0.892, 0.680, 0.961. NB-LR with smoothing 0.1
and C 8 was chosen, trained (``default+0c602ad5``) and scored once on the test split: recall
76.2% at its threshold 0.874 (set by English Qur'an verses, as before) and a better ranking
(ROC-AUC against the hard negatives 0.966, shipped 0.958; at threshold 0.90 recall 70.1%
against 67.8% for 1.8% against 1.6% of the hard negatives); but its lower threshold flagged 61%
of the verified news and counter accounts' 41 tweets (27%), 6.0% of ``written-eval`` (4.0%),
2.1% of the off-topic tweets (0.5%), 1.0% of English Qur'an verses (9 of 863; 0.8%) and 7.4% of
the demo world's neutral posts (a quarter of its English ones; the test guarding it allows 5%).
Not shipped: more of the posts that must not be flagged were. Negatives moved towards the
positives' language mix (nine in ten English), so that the language alone would say nothing:
fully (``lang1``) 0.901 (set by general Arabic), 0.564, 0.931 (all positives 0.498 and 0.890;
general Arabic 0.817), halfway (``lang0.5``) 0.894, 0.588, 0.946 (0.519 and 0.919): worse.
Hashed columns: 2**18 (``bits18``) 0.917, 0.600, 0.954; 2**22 (``bits22``) 0.918, 0.596, 0.954,
both within the noise of the threshold (``shipped`` 0.921, 0.587, 0.954).

Measured (2026-12-04), the same figures against ``shipped`` (0.921, 0.587, 0.954; all positives
0.517 and 0.932):
the @handles a text names (``handles0.5``: who is quoted or answered, the anonymised "@user"
and "@url" of hate-mlma left out) 0.907, 0.638, 0.956 (0.564 and 0.937; every family's ROC-AUC
up, verified news and counter accounts 0.887 -> 0.903), 0 and 0; but a fit of the same model on
the whole training side, scored once on the test split, found 68.0% of the positives (shipped
65.8% in the same fit) and flagged 29.3% of the verified news and counter accounts' tweets
(26.8%), ROC-AUC against them 0.715 (0.732): the gain out of fold is the 2015-2016 accounts
answering one another, which does not carry forward in time. Not shipped. A bias per identified
language (``language1``) 0.919, 0.546, 0.944: worse. Bands of the share of title-case and
capital words (``case1``; the cleaned text is lower case) 0.926, 0.580, 0.955: no gain (a first
try that read punctuation from the raw text, links and ``RT @x:`` included, found 74% of the test
positives, through a "has a link" cue that tells tweets from Qur'an verses and articles: a
fact of the sources, not of stance, and dropped). A second model fit on the positives against
the hard negatives alone, its decision added (``expert0.3``, ``expert0.5``): the hard
negatives rank better (pooled ROC-AUC 0.950 and 0.956 on all positives; verified news and
counter 0.919 and 0.929) but English Qur'an verses worse (0.835 and 0.812, shipped 0.874), and
they set the threshold: 0.943 and 0.952, recall 0.490 and 0.420. Alone (a scratch fit), that
second model ranks the hard negatives at 0.976 (verified news and counter 0.964) and English
Qur'an verses at 0.53: within the topic stance is learnable from these texts, but the cues
that separate it are the same that make scripture look like propaganda. English Qur'an verses
weighted six times
(``quran-en6``, now on the shipped settings) 0.886 (set by ``written-train``), 0.656, 0.951,
and with ``--test`` 69.8% of the test positives found, but 36.6% of the verified news and
counter accounts' tweets flagged (26.8%), ``written-eval`` 6.7% (4.0%), off-topic tweets 2.3%
(0.5%) and hate-mlma 3.5% (1.6%); with those accounts weighted four or eight times too
(``quran-en6-news-tt4``, ``quran-en6-news-tt8``) 68.7% and 68.5%, the accounts 29% and 22%
flagged, the rest as with ``quran-en6`` (and, in a scratch fit, a quarter of the demo world's
English posts flagged: 12% shipped). Not shipped.
For long posts (none of the positives is) see ``benchmarks/eval_long_texts.py``.

Measured (2026-12-04, midday), the stance cues (``nohaven.classify.cues``; ``cue_weight``, the
value of their columns, shipped at 0.5 since ``default+883928de``, so ``shipped`` now has them
and ``no-cues`` is the model before): the same figures, first lists (fewer terms, Arabic ones
matched anywhere) at 0.5, 1 and 2: 0.915, 0.609, 0.956 (all positives 0.537 and 0.934; every
family's ROC-AUC up: verified news and counter 0.887 -> 0.889, English Qur'an 0.874 -> 0.876,
general Arabic 0.943 -> 0.945), alike at every weight, 0 and 0; with ``--test`` (0.5): recall
67.3% (no cues 65.8%), hard negatives ROC-AUC 0.962 (0.958) and 1.3% flagged (1.4%), verified
news and counter 0.753 and 24.4% flagged (0.732, 26.8%), FA-KES 0.950 (0.945), ``written-eval``
0.934 (0.929), English Qur'an 0.932 and 0.7% (0.925, 0.7%). Wider lists 0.918, 0.600, 0.956;
the shipped lists (words with everyday senses cut, for their meaning) 0.919, 0.597, 0.956, and
with underscores as word breaks (hashtags; ``stance-cues-v2``) 0.919, 0.598, 0.956, and without
Safavid, Majus and halak (``stance-cues-v3``; v4, shipped, differs in two terms and was not
re-run here) 0.919, 0.598, 0.956; with ``--test``:
recall 66.9%, hard negatives 0.962 and 1.3% flagged, verified news and counter 0.758 and 22.0%,
FA-KES 0.950, ``written-eval`` 0.934 and 4.0%, English Qur'an 0.931 and 0.7%.


Measured against the previous model (2026-12-03, evening; those variants then had one bias and
learnt every positive): negatives also learnt cut to their first 1-4 words (``short0.3``,
``short0.3x3``, ``short1x3``) recall 0.56-0.63, hard-negative ROC-AUC 0.933-0.945, 4-7 of 26
everyday posts flagged, or only those of the everyday-tweet families (``short-tweets``, with no
bias too) 0.61-0.62, 0.946, 7; positives reweighted to the negatives' length profile
(``length``) 0.489, 0.952, 7; no learnt bias (``no-intercept``) 0.593, 0.9489, 7; the 136
written everyday posts of the package (``written_everyday_train.jsonl``) learnt as a negative
family (``everyday``, ``everyday-x5``, ``everyday-x20``) cleared the everyday posts but left a
recall of 0.16-0.20 (thresholds 0.98, 0.95, 0.86). Word n-grams 0.54-0.62 and 0.952-0.945;
English Qur'an verses weighted six times 0.616 and 0.9494 (paid by all negatives) or 0.595 and
0.9556 (``quran-en6-controls``); on the test split both verse weightings passed 70% recall but
flagged 34-41% of the verified news and counter accounts' tweets (17% then): see the README's
Detection section.

Ordinary English (2026-12-04): ``no-ordinary-english``, ``no-wordnet`` and ``no-fortunes`` leave
out of training the ordinary-English families (WordNet's usage examples, the fortune files),
``shipped`` learns both; out-of-fold flag rates are printed as ``<family>_flagged``, and with
``--demo`` the share of the generated demo world's posts (never trained on) that the whole-side
fit flags, by language (``demo_posts`` of ``eval_long_texts.py``). Test-split figures (recall,
WordNet / fortune files flagged, demo English, verified news and counter flagged,
``written-eval`` flagged): neither 66.9%, 18.6% / 25.1%, 11.5%, 22%, 4.0%; with the two
families' target 5%: fortunes only 69.0%, 14.8% / 4.9%, 6.3%, 29%, 4.7%; both 66.2%, 1.4% /
3.3%, 3.4%, 34%, 5.3%; at 1% (shipped): fortunes only 60.7%, 4.2% / 1.3%, 1.2%, 17%, 2.7%;
WordNet only 62.8%, 1.0% / 13.9%, 2.3%, 20%, 4.7%; both 61.2%, 0.5% / 1.7%, 1.4%, 20%, 4.0%.
With both at 1%: ``nb0.1`` 66.2% but 54% of the verified news flagged and 6.0% of
``written-eval``; ``c16`` 62.5% (22%, 4.7%); ``cues1`` 61.7%; ``hard4`` 59.4% (17%, 2.7%).
Then, out of fold (recall, ROC-AUC against the hard negatives on all positives and on those of
20 characters and more): the model with both families 0.484, 0.914, 0.943; ``bands0.5`` (the
length bands at half weight) 0.487, 0.925, 0.942, every shown family's ROC-AUC up a point and
the same flag rates; ``max_n6`` 0.505, 0.914, 0.944; ``words1`` 0.527, 0.914, 0.938 (on the test
split 37% of the verified news flagged); ``cues2`` 0.487, 0.913, 0.943. The band weight 0.5
was chosen and shipped (``default+13442a7c``; ``bands0.5`` is now ``shipped``, and ``bands1``
the weight before); on the test split ``bands0.5`` gave recall
61.7%, hard-negative ROC-AUC 0.962 (0.954 at weight 1), FA-KES 0.944, the same flag rates.
The rest is in the README.

Stance readings (2026-12-04, ``nohaven.classify.stance``: what each positive's text says, read
by one developer; with ``--test`` the recall of each reading is printed as
``recall_<reading>``): ``shipped`` learns every positive, ``unlearnt-none`` leaves out the
1,578 training positives read ``none``, ``unlearnt-none-unclear`` also the 692 read
``unclear``, and ``none-w0.5`` / ``none-w0.25`` learn the ``none`` ones at that weight, the
positives' total weight kept. Test split (recall: all, ``stance``, ``unclear``, ``none``;
hard-negative ROC-AUC; verified news and counter flagged; ``written-eval`` flagged):
``shipped`` 61.7%, 74.0%, 68.8%, 47.1%; 0.962; 19.5%; 4.0%. ``unlearnt-none`` 54.6%, 82.3%,
64.9%, 25.6%; 0.950; 9.8%; 5.3% (off-topic tweets 0.7%, English Qur'an 0.6%).
``unlearnt-none-unclear`` 49.3%, 85.6%, 53.2%, 17.6%; 0.935; 4.9%; 3.3%. ``none-w0.5`` 61.2%,
75.7%, 68.2%, 44.9%; 0.962; 19.5%; 4.7%; ``none-w0.25`` 61.7%, 75.7%, 70.8%, 44.5%; 0.962;
24.4%; 4.7%. Out of fold the thresholds were 0.914, 0.939, 0.879, 0.915, 0.916 (all set by
the fortune files). Not shipped: see the README ("By what the positive says").

Topic expert (2026-12-04, evening; ``TrainingSettings.expert``): a second logistic regression
over the same columns, fit on the positives against the hard negatives alone (their weight
scaled to the positives'), and a text's decision the smaller of the two (``expert_min``; the
earlier ``expert0.3`` and ``expert0.5`` added it instead). Out of fold (recall, ROC-AUC against
the pooled hard negatives, verified news and counter accounts, FA-KES, ``written-train``), then
the test split once (recall; hard negatives ROC-AUC and flagged; verified news flagged;
``written-eval`` flagged): without it (``no-expert``, the model shipped before) 0.487, 0.925,
0.867, 0.887, 0.871; 61.7%, 0.962, 1.1%, 19.5%, 4.0%. The smaller decision (shipped since
``default+f568628f``) 0.473, 0.938, 0.892, 0.911, 0.885; 61.6%, 0.969, 0.7%, 12.2%, 2.7% (FA-KES
0.944 -> 0.958 and 1.4% -> 1.2% flagged, ``written-eval`` 0.925 -> 0.937; every other shown
family's ROC-AUC within 0.004 and flag rate within 0.1 point). With a margin added to the
expert's decision, +1 (``expert-min-m1``: it vetoes less) 0.482, 0.930, 0.871, 0.899, 0.876; -1
(``expert-min-m-1``) 0.448, 0.949, 0.921, 0.925, 0.899 (test 59.4%, 0.974, 7.3% of the verified
news): a trade of recall for ranking along one line, so no margin was chosen. The expert at C 2
(``expert-min-c2``) 0.463, 0.930, 0.873, 0.899, 0.878: worse than at C 8. The expert without the
positives read ``none`` (``expert-min-stance``) 0.383, 0.938, 0.885, 0.921, 0.892 (test 54.1%,
0.971, 2.4% of the verified news): the threshold, still set by the fortune files, rose to 0.949.
A third model, fit on the positives against the controls alone (ordinary speech and scripture;
``control-expert``, the smallest of the three decisions) 0.545, 0.916, 0.857, 0.893, 0.862 (test
64.8%, 0.958, 36.6% of the verified news flagged, ``written-eval`` 4.0%, fortune files 2.0%,
``everyday-eval`` 2.4%): it vetoes the fortune files' chat and jokes, so the threshold falls to
0.898 and recall rises, but the on-topic news it never learnt to judge is flagged more. With the
topic expert's margin -1 too (``control-expert-m-1``) 0.521, 0.931, 0.892, 0.909, 0.877 (test
63.7%, 0.965, 29.3% of the verified news, fortune files 2.0%, ``everyday-eval`` 2.4%): the
threshold (0.918) lets more on-topic news through than the expert's stronger veto holds back.
Not shipped. The conflict's place names written as one word before hashing (``places``: "#syria"
and "الرقة" both "placename", so a place cannot be a cue) 0.471, 0.935, 0.889, 0.897, 0.888, and
without the expert (``places-no-expert``) 0.484, 0.920, 0.865, 0.869, 0.875: worse on every
ranking than the same model reading the names (test split, with the expert: 59.3%, 0.965, 19.5%
of the verified news flagged). The names tell more than topic (which places the group's accounts
and the news each write about), so they stay.

Accounts weighed alike (2026-12-04, late; ``TrainingSettings.positive_account_power`` and
``expert_margin``, shipped as 0 and -0.5 since ``default+7d314e26``): within the positives each
account's weight proportional to its number of texts to a power (1: every text alike, as
before; 0: every account alike). Out of fold (recall, ROC-AUC against the pooled hard
negatives, verified news and counter accounts, FA-KES, French Qur'an), then the test split once
(recall, ``stance`` recall, hard negatives ROC-AUC, verified news flagged, ``written-eval``
flagged): ``account-power1`` (the model before) 0.473, 0.938, 0.892, 0.911, 0.907; 61.6%,
74.0%, 0.969, 12.2%, 2.7%. ``account-power0.5`` 0.477, 0.939, 0.892, 0.912, 0.912; 61.7%, 75.7%,
0.970, 12.2%, 2.7%. Every account alike (``expert-min-m0``) 0.488, 0.939, 0.892, 0.915, 0.917;
62.8%, 75.7%, 0.970, 17.1%, 2.7%. The same with the expert's decision -0.5 (``shipped``) 0.481,
0.945, 0.908, 0.922, 0.916; 62.5%, 75.7%, 0.973, 12.2%, 2.0%; -1 (``expert-min-m-1``) 0.463,
0.951, 0.921, 0.929, 0.914; 60.9%, 74.6%, 0.976, 12.2%, 2.0%. The margin -0.5 is the strongest
veto that keeps the recall of the model before out of fold. With every account alike and the
expert's decision as it is: C 4 (``expert-min-m0-c4``) 0.471, 0.941; C 16
(``expert-min-m0-c16``) 0.506, 0.937 (test 64.8%, 19.5% of the verified news flagged). An
n-gram that fewer than two (three) of the fit's positive accounts use zeroed in the positive
rows, so only the negatives teach it (``accounts2-by-tweet``, ``accounts3-by-tweet``, every
tweet alike) 0.464, 0.939 (0.459, 0.939), test 60.1%, 9.8% of the verified news (59.6%, 9.8%);
with every account alike (``accounts2``) 0.487, 0.940, test 62.6%, 17.1%. The news and
off-topic accounts weighed alike within their families too (``negatives-account-power0``)
0.490, 0.939, verified news 0.891, test 63.4%, 17.1%. Not shipped: within the noise of the
shipped choice, or the recall-for-ranking line again. The Arabic positives (71 identified
out of fold, 65 learnt) weighing three or ten times as much, the positives' total kept
(``arabic-positives-x3``, ``arabic-positives-x10``): out of fold 0.482, 0.944 and 0.483, 0.944,
Arabic positives found 11.3% -> 12.7% (x3), general Arabic ranked a little worse (0.938 ->
0.934, 0.931) and flagged 0.09% -> 0.16%: no gain out of fold, so not shipped (the test split,
read once: Arabic recall 12% -> 22% and 24% of 50, general Arabic 0.04% -> 0.13% and 0.17%).
Then 45 written messages of support services (helplines, prevention and exit programmes,
``wn-train-601`` to ``-645``) joined the written training negatives: ``shipped`` out of fold
0.476, 0.945, verified news 0.907; test 62.6%, 12.2% of the verified news flagged; the demo
world's English posts 1.4% flagged (3.4% without them: its helpline templates). The model
``make model`` trained from the same settings (``default+3e860adf``) flags 9.8% of the verified
news at its threshold (0.957; this fit's out-of-fold threshold is 0.948: its folds also hold
the short positives it does not learn from, so its calibration differs a little). On these
settings, n-grams of fewer than two (three) positive accounts taught only by the negatives
(``shipped-accounts2``, ``shipped-accounts3``): out of fold 0.470, 0.945 (0.470, 0.946), every
shown family a little better but general Arabic (0.938 -> 0.935); test 62.5%, 12.2% of the
verified news, fortune files 2.0% (61.6%, 9.8%, 1.9%): fewer positives for a ranking gain
within the noise, not shipped. A second set of stance-cue columns set only in Arabic texts
(``arabic-cues0.5``, ``arabic-cues1``: the value of those columns), so
that a cue may count for more in Arabic, where the news names the group "daesh" and seldom in
its own terms: out of fold 0.478, 0.944 and 0.477, 0.944 (shipped 0.476, 0.945), Arabic
positives found 11.3% -> 12.7% and 14.1% (1 and 2 more of 71), general Arabic ranked a little
worse (0.938 -> 0.936) and flagged 0.09% -> 0.11%; the test split, read once: recall 63.4% and
63.5% (62.6%), Arabic 20% and 26% of 50 (12%), ``stance`` 76.8% and 77.9%, verified news 9.8%
(12.2%), general Arabic 0.09% (0.04%). Not yet shipped (the gain out of fold is two texts): the
lead for Arabic, to build into the fast model (its own cue columns, named in explanations) and
confirm on more Arabic positives. (Those runs marked a text as Arabic by its share of Arabic
letters; with the language identifier, as now, ``arabic-cues1`` gives 0.476, 0.944, 14.1%,
general Arabic 0.935 and 0.11%, and the same test figures.)

Arabic stance cues shipped (2026-12-04, seventh session; ``TrainingSettings.arabic_cue_weight``
1, ``default+4ee6b088``): the columns now come from the library
(``cue_columns(..., arabic_only=True)``, the script rule ``mostly_arabic`` the model uses), so
``shipped`` has them and ``no-arabic-cues`` is the model before. Out of fold (recall, hard
negatives ROC-AUC, verified news, general Arabic ROC-AUC and flagged, Arabic positives found),
then the test split once (recall, ``stance`` recall, Arabic recall, verified news flagged):
``no-arabic-cues`` 0.4764, 0.9445, 0.907, 0.938, 0.09%, 11.3%; 62.6%, 75.7%, 12%, 12.2%.
``shipped`` 0.4768, 0.9440, 0.907, 0.936, 0.11%, 14.1%; 63.5%, 77.9%, 26%, 9.8%: the same
figures as the script-rule run of ``arabic-cues1`` above, to the fourth decimal. Two length
variants re-measured on the model before: positives reweighted to the negatives' length
profile (``length``) 0.473, 0.944, test 61.7%; no length bands (``no-bands``) 0.456, 0.953
(every family ranked better) but short texts score high again: 7 of the 45 held-out written
everyday posts flagged (0 shipped), test 61.6%, ``everyday-eval`` 12.2% flagged, verified news
17.1%. Neither shipped.

Then (same session), on the shipped settings (out of fold: recall, hard negatives ROC-AUC,
verified news; test split once: recall, verified news flagged, ``everyday-eval`` flagged):
what the sources' exports add, taken out of the cleaned text: HTML entities ("&amp;" weighed
+1.8 in a verified news tweet) and links cut by a retweet's truncation ("https:/…", +1.9),
``artefacts`` 0.4774, 0.945, 0.910; 62.8%, 14.6%, 0%; with the truncation's trailing "…" too
(``artefacts-ellipsis``) 0.4876, 0.945, 0.911; 63.9%, 17.1%, 2.4% (one post): within the noise
out of fold, and the verified news flagged more on the test split; not shipped. One bias column
for texts mostly in Arabic script (``arabic-bias1``) 0.4752, 0.9502, 0.912 (every family up
out of fold: Arabic positives no longer sink below English negatives as a block); test 63.2%,
hard negatives 0.972, 14.6%, Arabic positives against general Arabic 0.863 -> 0.792: not
shipped. Drawn-out letters folded (an Arabic letter written three times or more to one, any
other to two) measured first as a variant of the cleaned text; now part of
:func:`~nohaven.classify.features.classifier_text` (``classifier-text-v4``), so ``shipped`` has
it: 0.4777, 0.9441, 0.907; 63.7%, 9.8%, 0% (before it 0.4768, 0.9440, 0.907; 63.5%, 9.8%, 0%),
chosen for robustness (see the README), not for these figures. (A first run of that variant
on the text before the fold gave 0.4847, 0.9483 and 64.6%, reproduced since: it chose the
positives to learn by their unfolded length, so it learnt a few that the fold leaves under 20
characters (a line of "ه" becomes one letter), its short texts scored higher (short positives
found 12.4% -> 16.0%, 2 of the 26 everyday posts and 1 of the 45 written ones flagged), and
that is the gain: the short positives the shipped model leaves out on purpose.)
The Arabic cue columns at value 2 (``arabic-cues2``) 0.4771, 0.9439, 0.906, Arabic positives
14.1% as at 1: no gain, 1 kept.

TF-IDF (2026-12-04, end of the seventh session; ``idf``: the hashed n-gram columns scaled by
their smoothed inverse document frequency over the training side, each row's block then
normalised to unit length), with the topic expert's margin (``idf-m-1`` ... ``idf-m-2.5``). Out
of fold (recall, hard negatives ROC-AUC, verified news, FA-KES, ``written-train``, French
Qur'an, general Arabic, Arabic positives found; everyday posts flagged of 26 and of 45), then
the test split once (recall, ``stance`` recall, hard negatives ROC-AUC, verified news flagged
and ROC-AUC, ``written-eval`` ROC-AUC, Arabic recall):
``shipped`` (margin -0.5) 0.4777, 0.9441, 0.907, 0.922, 0.891, 0.917, 0.936, 14.1%; 0, 0;
63.7%, 78.5%, 0.974, 9.8% and 0.768, 0.949, 28%.
``idf`` (-0.5) 0.5322, 0.9468, 0.921, 0.925, 0.876, 0.914, 0.933, 15.5%; 1, 1; 68.5%, 85.6%,
0.973, 31.7% and 0.745, 0.940, 36%.
``idf-m-1`` 0.5197, 0.9531, 0.935, 0.934, 0.883, 0.913, 0.935, 14.1%; 1, 1; 68.2%, 85.6%,
0.976, 29.3% and 0.760, 0.944, 36%.
``idf-m-1.5`` 0.5010, 0.9594, 0.947, 0.942, 0.893, 0.911, 0.939, 14.1%; 1, 1; 67.1%, 84.0%,
0.979, 22.0% and 0.778, 0.949, 32%.
``idf-m-2`` 0.4659, 0.9652, 0.954, 0.950, 0.904, 0.907, 0.943, 8.5%; 0, 0; 63.9%, 82.9%,
0.982, 12.2% and 0.797, 0.955, 28%.
``idf-m-2.5`` 0.4213, 0.9699, 0.960, 0.956, 0.914, 0.901, 0.948, 8.5%; 0, 0; 60.1%, 81.8%,
0.985, 4.9% and 0.818, 0.960, 26%.
TF-IDF moves the whole trade of recall for ranking outward: at about the shipped recall
(``idf-m-2``) every on-topic family ranks far better out of fold (hard negatives 0.944 ->
0.965, verified news 0.907 -> 0.954) and on the test split (0.974 -> 0.982; ``written-eval``
0.955, over the 0.95 target), at the price of French Qur'an verses and abusive speech ranked a
little worse and fewer Arabic positives found out of fold (14.1% -> 8.5%). Those runs used
this script's own TF-IDF (an exact unit length per row, repeats counted); the library's (each
occurrence weighed by its column's value over the root of its text's summed squares,
:func:`~nohaven.classify.features.occurrence_values`), which this script now uses, gives within
0.005 of them: ``idf-m-1.5`` 0.5057, 0.9592, 0.947, 0.942, 0.894, 0.912, 0.942, 14.1%; 1, 1;
67.1%, 83.4%, 0.978, 22.0% and 0.775, 0.947, 30%. ``idf-m-1.75`` 0.4882, 0.9621, 0.951, 0.946,
0.899, 0.910, 0.944, 12.7%; 0, 0. ``idf-m-2`` 0.4675, 0.9649, 0.954, 0.949, 0.904, 0.908,
0.946, 8.5%; 0, 0; 64.1%, 82.9%, 0.981, 14.6% and 0.792, 0.953, 28%. Chosen out of fold:
``idf-m-1.75``, the strongest veto that finds as many positives as the model before with no
everyday post flagged. Trained by ``nohaven train`` with ``idf`` and margin -1.75
(``default+8ea8525a``) and evaluated once: recall 64.2% (63.5%), ``stance`` 82.3% (78.5%),
pooled hard negatives 0.980 (0.974), FA-KES 0.980 (0.967), ``written-eval`` 0.950 (0.949),
but 7 of the 41 verified news and counter tweets flagged at its threshold (4), past the 12.5%
guard of ``tests/classify/test_real_data.py``: not shipped (see the README). The library has
it: ``NgramClassifier(idf=True)``, ``TrainingSettings(idf=True, expert_margin=-1.75)``.

Measured (2026-12-04, night): every figure above was folded by account alone, and 85% of the
verified news accounts' training tweets (70% of the off-topic ones) are retweets whose text
another account in the training side also holds. Such a copy was scored out of fold by a model
that had learnt the same text, so that family's out-of-fold scores looked better than a new
account's: it asked for a threshold of 0.795, and the test split's unseen accounts were flagged
at 9.8% against its 5% target. The folds now keep every copy of a text in one fold
(:func:`~nohaven.classify.split.fold_groups`, as training does). Honestly folded, the verified
news family ranks 0.744 out of fold (was 0.907; the test split gives 0.768) and sets the
threshold: the model before (``no-ambiguous``) finds 0.318 of the positives out of fold and
50.4% on the test split, with 2 of 41 verified news tweets flagged. The radicalization-tt "pro"
tweets (``tt-pro-mixed``: on-topic, mixed stance, never trained on before) are now split like
the others and learnt as negatives, ``weak`` times a control family's share, by the first model
(``tt-pro-weak*``), the topic expert (``tt-pro-expert-only*``) or both (``-expert``). Out of
fold, recall, ``stance`` recall, hard negatives, verified news, threshold family, everyday
flagged (of 26 and of 45); test split recall, ``stance``, verified news ROC-AUC and flagged,
fortune files flagged:
``no-ambiguous`` 0.318, 0.656, 0.929, 0.744, news; 0, 0; 50.4%, 70.2%, 0.772, 5.0%, 0.3%.
``tt-pro-weak0.5`` 0.378, 0.696, 0.935, 0.767, news; 0, 0; 54.6%, 74.6%, 0.822, 2.5%, 0.7%.
``tt-pro-weak1`` 0.401, 0.713, 0.935, 0.779, news; 0, 0; 56.8%, 76.8%, 0.835, 2.5%, 1.1%.
``tt-pro-weak1-expert`` 0.456, 0.751, 0.937, 0.833, fortunes; 0, 0; 61.0%, 79.0%, 0.863, 0%,
1.8%.
``tt-pro-expert-only`` (weight 1, margin -0.5: ``shipped`` since default+dce7f6f7) 0.468, 0.755,
0.938, 0.822, fortunes; 0, 0; 62.3%, 77.9%, 0.846, 5.0%, 2.1%.
``-m0`` 0.436, 0.731, 0.932, 0.805, news; 0, 0; 60.1%, 78.5%, 0.826, 5.0%, 1.3%.
``-m-1`` 0.446, 0.731, 0.944, 0.841, fortunes; 0, 0; 60.9%, 76.8%, 0.865, 2.5%, 2.1%.
``-w2`` 0.461, 0.745, 0.938, 0.836, fortunes; 0, 0; 61.9%, 76.8%, 0.859, 5.0%, 2.1%.
``-w0.5`` 0.440, 0.739, 0.937, 0.809, news; 0, 0; 60.5%, 77.9%, 0.830, 5.0%, 1.5%.
``idf-tt-pro-expert-only`` (margin -1.75) 0.443, 0.749, 0.955, 0.873, fortunes; 0, 0; 62.6%,
80.1%, 0.883, 0%, 1.8%; ``-m-0.5`` 0.475, 0.775, 0.939, 0.824, news; 0, 1 (an everyday post
flagged); 64.6%, 82.3%, 0.829, 12.5%, 1.2%. ``idf-m-1.75`` (no tt-pro) 0.353, 0.719, 0.947,
0.785, news; 0, 0; 56.6%, 79.0%, 0.783, 7.3%, 0.6%.
``idf-tt-pro-expert-only-m-1`` 0.491, 0.783, 0.946, 0.844, fortunes; 0, 1; 66.0%, 84.0%,
0.854, 5.0%, 1.8% (and 1 of the 41 ``everyday-eval`` posts); ``-m-1.25`` 0.481, 0.779, 0.949,
0.855, fortunes; 0, 1; 65.1%, 82.9%, 0.863, 2.5%, 1.8%; ``-m-1.5`` 0.461, 0.761, 0.952, 0.865,
fortunes; 0, 0; 63.7%, 80.7%, 0.873, 0%, 1.8%.
With the shipped settings otherwise: ``c4`` 0.440, ``c12`` 0.480 (1 of 26 everyday posts
flagged), ``c16`` 0.484 (1 and 1), ``hard4`` 0.433, ``news-tt4`` (the verified news weighed 4
times) 0.449, ``nb0.1`` (NB-LR) 0.489 with hard negatives 0.949 (1 of 26 flagged; the library's
topic expert is not learnt with NB-LR), ``unlearnt-none`` 0.376 (``stance`` 0.751), ``none-w0.5``
0.473 (``stance`` 0.769; test split 63.5% and the fortune files 2.2%: a gain of half a point,
within what another subset of the accounts' replies moves).
Chosen out of fold: ``tt-pro-expert-only``, the most positives found with no everyday post
flagged. TF-IDF at margin -1.5 ranks the on-topic families better (hard negatives 0.938 ->
0.952, verified news 0.822 -> 0.865) for 0.7 points of recall; at -1 and -1.25, which find
more, a held-out everyday post is flagged.

Other media and another faith (2026-12-04, ninth session). Two families the shipped model only
evaluates: the titles of the group's official video releases (``video-titles``, 1,277, English
translations indexed by jihadology.net, the quoted title alone) and the King James Bible
(``bible-kjv``, 31,102 verses from Debian's bible-kjv). ``learn`` splits them like a trained
family (titles by province and time, verses by book) and learns them: titles as positives at
``titles`` times the tweets' weight, the Bible as a strict control (1% target) at ``boost``
times a control family's share. With ``--test`` every variant is also judged on the titles and
books that no variant learns (``_held_out``). Out of fold (recall of the tweets, ``stance``
recall, hard negatives, verified news, threshold family, everyday flagged of 26 and of 45),
then the test split (recall, held-out titles found, held-out Bible verses flagged, fortune
files flagged):
``shipped`` 0.468, 0.755, 0.938, 0.822, fortunes; 0, 0; 62.3%, 13.7%, 1.3%, 2.1%.
``titles0.1`` 0.444, 0.747, 0.937, 0.829, fortunes; 0, 0; 61.2%, 28.4%, 1.8%, 1.8%;
``titles0.25`` 0.439, 0.749, 0.938, 0.830, fortunes; 0, 0; 60.3%, 35.1%, 1.9%, 1.7%;
``titles0.5`` (run before the held-out figure existed) 0.434, 0.747, 0.938, 0.830, fortunes;
0, 0; 59.8%, 36.5% of all test titles.
``bible`` 0.406, 0.719, 0.934, 0.809, verified news (threshold 0.944); 0, 0; 57.7%, 11.0%,
0.06%, 1.0%; ``bible0.1`` 0.406, 0.719, 0.934, 0.808, verified news (0.943); 0, 0; 57.1%,
11.0%, 0.4%, 1.0%; ``bible0.3`` 0.405, 0.719, 0.934, 0.808, verified news (0.943); 0, 0;
57.1%, 11.0%, 0.2%, 1.0%. (The Bible held out here is every verse of the books no variant
learns; the card keeps one verse in ten.)
The folds, dealt again (``fold_seed``: the groups dealt to the five folds in a random order,
each to the fold with the fewest texts so far, not largest first as training deals them). The
same settings, out of fold (recall, ``stance`` recall, hard negatives, verified news, threshold
and the family that sets it):
``shipped`` (dealt by size) 0.468, 0.755, 0.938, 0.822, 0.920 fortunes;
``shipped-folds0`` 0.433, 0.721, 0.936, 0.808, 0.933 fortunes;
``shipped-folds1`` 0.425, 0.719, 0.931, 0.797, 0.920 fortunes;
``shipped-folds2`` 0.450, 0.759, 0.939, 0.823, 0.929 fortunes.
``bible`` (dealt by size) 0.406, 0.719, 0.934, 0.809, 0.944 verified news;
``bible-folds0`` 0.460, 0.767, 0.938, 0.813, 0.921 fortunes;
``bible-folds1`` 0.446, 0.751, 0.933, 0.808, 0.928 fortunes;
``bible-folds2`` 0.427, 0.737, 0.934, 0.797, 0.936 fortunes; the Bible 0.04-0.09% flagged.
So the out-of-fold recall of one setting moves by 4-5 points with the deal of the folds (0.425
to 0.468 for the shipped settings), mostly through the threshold that the fortune files and
the verified news ask, each from few groups; and a variant that adds or drops groups (a
family, a book, a province) is dealt anew. The ``bible`` variant's 6 points fewer at the size
deal are the deal, not the Bible: over the four deals 0.435 against 0.444, over the three
random ones 0.444 against 0.436. A threshold from one deal is uncertain the same way: the
shipped model's test recall is 61.6% at its 0.920 and 58.7-61.6% at the 0.920-0.933 the
random deals ask (verified news 5.0% flagged at each, fortune files 1.3-1.8%).
Not shipped: learning the titles finds two to three times as many held-out titles, but the
short English phrases it teaches raise the fortune files' scores, and the threshold they set:
2.4-3.4 points fewer tweets out of fold, each at its own deal of the folds (the titles' groups
added), so within the deals' noise too. Learning the Bible finds as many tweets over four
deals and flags under 0.1% of its verses, but its value as a control is that the model never
saw it; both stay evaluation-only families of the card until the threshold and the choice no
longer rest on one deal of the folds.

Over deals (``--deals 3 --test``: each variant at the size deal and at random deals 100 and
101). Out of fold, mean (lowest-highest): recall, hard negatives, verified news, threshold;
everyday flagged (of 26, of 45) at each deal; test split, mean: recall, verified news flagged:
``tt-pro-expert-only`` (shipped until then) 0.433 (0.405-0.468), 0.934, 0.817, 0.928; 0, 0;
60.2%, 5.0%.
``idf-tt-pro-expert-only-m-1.5`` 0.440 (0.400-0.461), 0.949, 0.857, 0.935; 0, 0; 62.0%, 0%.
``idf-tt-pro-expert-only-m-1`` 0.451 (0.430-0.491), 0.942, 0.837, 0.933; 0, 0-1 (an
everyday-eval post flagged at two deals); 62.3%, 1.7%.
``nb0.1`` 0.462 (0.438-0.489), 0.945, 0.815, 0.911; 1 of 26 at every deal; 62.5%, 11.7%.
Chosen (``shipped`` since): TF-IDF at margin -1.5, as many positives found on average as the
settings before and every on-topic family ranked better at every deal, with no everyday post
flagged; the two that find more flag an everyday post. The variants above this paragraph were
measured against the settings before (plain hashed n-grams, margin -0.5), which the variant
defaults then were.

The titles and the Bible over deals (2026-12-05, tenth session, on the shipped TF-IDF
settings; ``--deals 3 --test``). Out of fold, mean (lowest-highest): recall, ``stance``
recall, hard negatives, verified news; everyday flagged; then the test split, mean over the
three fits' thresholds: recall, held-out titles found, magazine statements found, held-out
Bible books flagged, WordNet, quoted scripture and verified news flagged:
``shipped`` 0.440 (0.400-0.461), 0.742, 0.949, 0.857; 0, 0; 62.0%, 13.7%, 11.4%, 1.0%
(0.8-1.3%), 0.5%, 0.8%, 0 of 40.
``titles0.1`` 0.443 (0.420-0.462), 0.780, 0.952, 0.859; 0, 0; 62.8%, 32.4%, 13.6%, 2.4%, 1.0%,
1.5%, 1 of 40.
``titles0.1-bible`` (the Bible learnt as a control too) 0.453 (0.448-0.460), 0.787, 0.951,
0.863; 0, 0; 62.9%, 32.4%, 13.6%, 0.5%, 1.1%, 1.4%, 1 of 40; at weight 0.3
(``titles0.1-bible0.3``) 0.454, 0.786, 0.951, 0.863; 63.1%, 32.4%, 13.6%, 0.6%, 1.0%, 1.4%,
1 of 40.
So the titles, learnt at a tenth of the tweets' weight, find 2.4 times as many held-out titles
for as many tweets out of fold (at every deal within the shipped range), but their short
English phrases make ordinary English look more like the group: the held-out Bible books are
flagged at 2.4% (past the 1% target) unless the Bible is learnt too, WordNet's examples at
1.0-1.1% (0.5%), quoted scripture at 1.4-1.5% (0.8%) and one verified news tweet of 40. Not
shipped: more of the texts that must not be flagged are, and the tweets' gain is within the
deals' spread. (The library would also need a weight of its own for a learnt positive family:
learnt through ``learnt_evaluation_families`` the titles would weigh as much as the tweets.)
The Bible alone learnt as a control (``bible``; ``bible0.3`` at 0.3 of a control's weight
gives within 0.002 and 0.2 points of it): 0.430 (0.390-0.452), 0.762, 0.949, 0.853; 0, 0;
62.0%, 12.6%, 11.4%, held-out books 0.16% (shipped 1.0%), WordNet 0.5%, quoted scripture
0.8%, 0 of 40, and English Qur'an verses 0.23% (0.54%): as many tweets, fewer religious texts
flagged. Not shipped: the Bible is the model's only scripture it never learnt, so the card's
one measure of religious text from outside its training; learnt, its held-out books would
measure unseen books of a learnt text, as the Qur'an's held-out surahs do.

Religious identity terms (2026-12-05, eleventh session; ``--deals 3 --test``). The identity
templates' eval sentences (``nohaven.classify.identity``: the same sentences once per faith)
are scored by the model fit on the whole training side (``identity`` in each line: sentences
flagged of 324, each language's largest gap and the Muslim sentences' gap). Out of fold, mean
(lowest-highest): recall, ``stance`` recall, hard negatives, verified news; test split, mean:
recall; templates: flagged, English Muslim gap, Arabic, French:
``no-identity`` (the model before, then ``shipped``) 0.441 (0.402-0.461), 0.748, 0.949, 0.857;
62.3%; 1, +0.195, +0.054, -0.076.
``identity`` (every faith's train sentences; the deal by size only) 0.463 (0.461 before);
63.4% (64.2%); 1, +0.235, +0.052, -0.022; ``identity-x3`` 0.459, 63.0%; 1, +0.231.
``identity-muslim`` 0.441 (0.406-0.461), 0.761, 0.952, 0.858; 62.1%; 1, +0.107, +0.012,
-0.126.
``identity-muslim-x3`` 0.437 (0.407-0.455), 0.761, 0.952, 0.859; 61.9%; 1, +0.075, -0.008,
-0.136.
``faiths-masked`` (every faith's words "faithword" before hashing, the cues read unmasked; the
Muslim sentences learnt) 0.439 (0.405-0.459), 0.761, 0.951, 0.858; 61.6%; 6, -0.008 (largest
+0.017), +0.009, -0.020; ``faiths-masked-no-identity`` 0.431 (0.395-0.455), 0.741, 0.949,
0.858; 61.0%; 6, -0.008.
Chosen (``shipped`` since ``default+5c271cba``): ``identity-muslim``, as many positives out of
fold, every family ranked as well or better, the English gap halved. Every faith learnt alike
lowers them all and leaves the gap; the placeholder closes every gap but scores a frame alike
in every faith, and six sentences of one frame ("... a history book about ...") are flagged.
The masked variants were measured with "monastery" among the Buddhist words, which
``FAITH_WORDS`` has since left out.

The same day, a second set of templates (the branches and communities of faiths: Shia, Sunni,
Sufi, Alawite, Druze, Yazidi, Catholic, Protestant, Orthodox) showed the Yazidi sentences
+0.315 in English with ``identity-muslim`` (two sentences flagged), Sunni +0.093, Shia +0.067.
Over three deals, as above, with the English Muslim, Yazidi, Sunni and Shia gaps:
``identity-muslim`` (then shipped, re-run with the second set and one Arabic train frame
mended) 0.441 (0.406-0.461), 0.761, 0.952, 0.858; 62.1%; 2 flagged, +0.107, +0.315, +0.093,
+0.067.
``identity-over`` (the identities the training positives name more often than its negatives,
as training weighs them: Muslim, Jewish, Hindu, Shia, Sunni, Sufi, Yazidi) 0.437
(0.404-0.464), 0.751, 0.951, 0.861; 61.8%; 1, +0.186, +0.144, +0.056, +0.064.
``identity-biased`` (those the model that learnt none flags or scores 0.1 above the others on
the train files: Muslim, Shia, Sikh, Sunni, Yazidi) 0.441 (0.422-0.458), 0.756, 0.949,
0.850 (0.831-0.863); 62.5%; 1, +0.192, +0.117, +0.042, +0.055.
Chosen (``shipped`` since ``default+7ef94ca7``): ``identity-biased``, as many positives, the
Yazidi gap cut by almost two thirds and one sentence flagged instead of two, for a little
ranking of the news
(hard negatives 0.949 against 0.952, verified news 0.850 against 0.858; no verified news
tweet flagged on the test split at any deal). The Muslim gap rises because the Sikh
sentences, learnt too, are lowered: the gap is relative to the other identities of a set.

A third set (peoples and nationalities: Arab, Kurdish, Afghan, Pakistani, Somali, Chechen,
Syrian, Iraqi, with British, American, German and French) read with default+7ef94ca7: the
Pakistani sentences scored +0.210 in English on the eval file (one flagged) and +0.171 on the
train file, the Syrian ones -0.258. ``identity-biased-pakistani`` (the five and Pakistani) 0.448
(0.420-0.462), 0.759, 0.951, 0.860; 62.0%; 1 flagged of 1,170, and ``biased_on_train_files``
then names Muslim alone (learnt already). Better out of fold on every figure than
``identity-biased`` (0.441, 0.756, 0.949, 0.850), 0.5 points fewer on the test split. Trained
(default+882129ce, not shipped): the English Pakistani gap +0.036, recall 63.0%, but its
threshold read 0.914 (0.922) and it flagged more ordinary and religious text: King James 29 of
3,096 and 1.13% of all 31,102 verses (1.0% target; 17 and 0.96% shipped), fortune files 1.8%
(1.5%), WordNet 0.6% (0.5%), English Qur'an 6 (5). Read on the model that learnt none, the
rule now names Arab, French and Somali besides the six: which identities to balance depends on
the model read, and the next step is to measure them together over deals.

Measured together (2026-12-05, twelfth session; same columns):
``identity-biased-peoples`` (the nine: Muslim, Shia, Sikh, Sunni, Yazidi, Arab, French,
Pakistani, Somali) 0.446 (0.433-0.459), 0.761, 0.950, 0.858 (0.849-0.867); 63.1%; 1 of 1,170,
+0.202, +0.160, and ``biased_on_train_files`` names Muslim alone. ``identity`` (every identity
of the three sets alike) 0.447 (0.435-0.460), 0.770, 0.949, 0.858; 62.7%; 1, +0.226, +0.233,
and the rule still names Muslim, Pakistani and Yazidi. Chosen (``shipped`` since
``default+f62a0608``): ``identity-biased-peoples``, better than ``identity-biased`` on every
figure out of fold and on the test split, the rule's fixed point. Trained: the English
Pakistani gap +0.082 (+0.210), Yazidi +0.160 (+0.117), Muslim +0.200 (+0.191); threshold
0.923 (0.922), recall 62.1% (61.9%); King James 17 of 3,096 and 294 of all 31,102 verses
(0.95%; 298 with default+7ef94ca7), fortune files 64 (65), WordNet 48 (50).
``identity-biased-peoples-x3`` (the nine at three times the family's weight, for the Muslim
gap) 0.439 (0.426-0.453), 0.753, 0.951, 0.860; 62.3%; 1, +0.195, +0.125: the Muslim gap hardly
moves, out-of-fold recall falls and the threshold rises (0.927-0.930); not shipped.

Everyday religious phrases (2026-12-05, twelfth session; ``no-religious`` leaves out the
family ``religious-train``, 100 written greetings, blessings and prayers learnt as a control;
``religious_eval_flagged`` counts the 88 other phrases of ``religious-eval`` the model fit on
the whole training side flags; same columns as above): ``no-religious`` 0.446 (0.433-0.459),
0.761, 0.950, 0.858; 63.1%; 9 flagged. Learnt and judged like the other controls (5% target)
0.413 (0.386-0.441), 0.740, 0.951, 0.861; 59.3%; 3: the family set the threshold at two deals
(0.929, 0.938). Learnt without setting the threshold (``Family.sets_threshold``, ``shipped``
since default+b286eab7) 0.435 (0.428-0.441), 0.760, 0.951, 0.861; 61.2%; 3. At twice the
weight (``religious-x2``) 0.433 (0.426-0.440), 0.761, 0.951, 0.861; 61.2%; 3, the same phrases
still flagged (religious-eval ROC-AUC 0.890 against 0.884) and a lower threshold (0.903-0.915),
so more fortune files flagged; not shipped.

A second batch of religious phrases (2026-12-05, thirteenth session: 90 more train phrases and
60 more eval phrases, English "May Allah ..." prayers, the reply "wa alaykum salam", thanks,
"Ameen"; ``religious_eval_flagged`` now of 148; same columns): ``shipped`` (190 phrases, since
default+5270c54e) 0.421 (0.404-0.434), 0.733, 0.949, 0.855; 61.3%; 2-3 flagged (the model
with 100 phrases, default+b286eab7, flags 5 of the 148); ``religious-x2`` 0.419
(0.403-0.433), 0.733, 0.949, 0.855; 61.1%; 1-2, at a lower threshold (0.904-0.919 against
0.910-0.924); not shipped. Measured before ``phrase_similarity`` left out the one positive
that is a train phrase word for word.

The topic expert taught the religious vocabulary too (2026-12-05, fourteenth session;
``expert_families``: the expert also learns these negative families, as it learns the hard
negatives, so it may veto the formulas the group's accounts share with everyone; same columns,
then the test split's English Muslim identity gap and ``religious-eval`` ROC-AUC): ``shipped``
0.427 (0.413-0.440), 0.740, 0.950, 0.858; 61.7% (60.7-62.5%); 2-3; +0.19, 0.901.
``expert-religious`` (the phrases) 0.420 (0.403-0.435), 0.736, 0.948, 0.847; 60.0%; 2-3;
+0.18, 0.915. ``expert-religious-identity`` (the phrases and the identity sentences) 0.420
(0.404-0.436), 0.738, 0.948, 0.844; 59.3%; 1-3; +0.11, 0.918, one verified news tweet
flagged. The phrases ranked better and the Muslim gap halved, but the same phrases stay flagged
at two deals of three, recall falls by two points on the test split and the verified news rank
worse out of fold: not shipped. The identity sentences alone (``expert-identity``) 0.427
(0.413-0.440), 0.745, 0.950, 0.855; 61.6% (61.0-61.9%); 2-3; +0.13 (Yazidi +0.09 against
+0.16), 0.902; ``written-eval`` 0.947 (0.943): every out-of-fold figure as before, the
identity gaps smaller. Shipped (``TrainingSettings.expert_families``); ``expert-none`` is the
expert as before. The expert judging ordinary English too (``expert-ordinary``: the identity
sentences, WordNet and the fortune files) 0.479 (0.467-0.495), 0.803, 0.937, 0.810; 64.1%
(62.5-65.8%); 5-9; the fortune files rank better (0.926 against 0.897) and no longer set the
threshold alone (0.874-0.902), but the verified news are flagged at 7.5% on the test split (0
as shipped; the 5% target), English Qur'an verses at 0.9-1.5% (the 1% target) and an everyday
post at every deal: as the third model of ``control-expert`` did, the expert that learns
chatter judges on-topic news worse. Not shipped.

Measured (2026-12-05, sixteenth session; ``--deals 3 --test --variants shipped,reporters``,
about 9 minutes), the accounts that call themselves reporters, monitors or "not affiliated"
learnt as positives (``reporters``: the 8 of their 11 accounts on the training side of a split
of the family by account and time; the test side's are reported apart, and the test recall
still counts the other positives only), against ``shipped``: test recall 61.5% (59.8-62.7%)
against 61.6% (61.0-61.9%), verified news and counter tweets flagged 5.0% (2.5-7.5%) against 0
and ranked at 0.846 against 0.868, Arabic recall 32-34% against 36%; the out-of-fold figures
(0.455 recall, 0.957 against the hard negatives) count the reporters' tweets among the
positives and cannot be compared. Their tweets teach news about the conflict as the group's
voice, as the card says: not shipped.

Measured (2026-12-05, seventeenth session; ``--test --variants shipped,no-hash``, one deal,
about 2.5 minutes), hashtags read as plain words (``no-hash``: the "#" dropped before hashing),
because "#brexit" pushed ordinary tweets of unseen topics up (``ordinary-tweets``, now in the
test figures): out of fold, threshold 0.924 (set by the verified news) against 0.917 (the
fortune files), recall 0.402 against 0.440, hard negatives 0.950 against 0.953, Arabic 0.114
against 0.129; on the test split, recall 58.5% against 61.9%, verified news flagged 7.5%
against 0 (ranked 0.815 against 0.868), ordinary tweets 3.3% against 5.6%. The hashtag mark
carries the group's tweets more than it hurts everyday ones: not shipped.

Measured the same day (``--deals 3 --test --variants shipped,bands0.25``, about 7 minutes),
the length bands at a quarter weight (``bands0.25``; shipped 0.5), because the tweet band
pushed 18 of the 25 ordinary tweets flagged: out of fold, mean of three deals, threshold 0.920
against 0.919 (both set by the fortune files), recall 0.430 against 0.427, hard negatives
0.957 against 0.950, verified news 0.866 against 0.855; on the test split (the three deals'
models) recall 60.7-63.0% against 61.0-61.9%, hard negatives 0.984 against 0.979, verified
news 0.881 against 0.868, ``written-eval`` 0.953 against 0.947 (the issue's 0.95),
``religious-eval`` 0.914 against 0.902, English Qur'an 0.948 against 0.938, ordinary tweets
flagged 4.6-5.8% against 4.4-5.6%. But at every deal the model fit on the whole training side
flags "lol", one of the 26 everyday posts (``everyday_flagged_texts``; the posts' mean score
0.30 against 0.20): the weaker short-band bias lets a short text's n-grams speak, and "lol"
alone is a post millions write. Not shipped. The bands weighted apart (``bands-split``: the
two short bands at the shipped 0.5, the four longer at 0.25; a column scheme the shipped model
cannot save yet), the same three deals: out of fold recall 0.428, hard negatives 0.953,
verified news 0.860, no everyday post flagged (mean score 0.24); on the test split recall
60.7-62.5%, hard negatives 0.980, verified news 0.872, ``written-eval`` 0.948,
``religious-eval`` 0.906, ordinary tweets 4.6-5.8%. Safe for "lol", but a fraction of the
quarter weight's gain: most of it came from the short bands. Not worth a new model format.
Only the shortest band (under 10 characters: "lol", "ok") at the shipped weight and the five
others at a quarter (``bands-split10``), the same three deals: out of fold recall 0.429
(shipped 0.427), hard negatives 0.955 (0.950), verified news 0.863 (0.855), no everyday post
flagged (mean score 0.26); on the test split recall 60.0-62.6% (61.0-61.9%), hard negatives
0.984 (0.979), verified news 0.879 (0.868), ``written-eval`` 0.953 (0.947: the issue's 0.95
met), ``religious-eval`` 0.912 (0.902), English Qur'an 0.947 (0.938), ordinary tweets
4.4-5.8%, ``everyday-eval`` none flagged. Nearly all of the quarter weight's gain without
"lol": chosen out of fold, the test split agreeing. Shipped the same day as
``default+069518ee`` (``TrainingSettings.length_weight``, a weight per band since model format
8; ``shipped`` in this script is then these settings, and ``bands0.5`` the weight before).
The quarter weight with nohaven's written everyday posts learnt (``bands0.25-everyday``, one
deal) flags no everyday post either, but ranks worse than shipped: out of fold hard negatives
0.942 and verified news 0.832 (shipped 0.953 and 0.858 at that deal), on the test split
0.973, 0.863 and ``written-eval`` 0.940.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from nohaven.classify.calibration import Platt, deal_seeds, out_of_fold
from nohaven.classify.corpus import (
    FAMILIES,
    Example,
    Role,
    example_languages,
    load_corpus,
    role_of,
    written_everyday,
    written_religious,
)
from nohaven.classify.cues import cue_columns, cues_of, mostly_arabic
from nohaven.classify.features import (
    BandWeight,
    NgramHasher,
    classifier_text,
    inverse_document_frequency,
    length_columns,
)
from nohaven.classify.identity import (
    FAITH_WORDS,
    biased_identities,
    identity_figures,
    load_identity_texts,
)
from nohaven.classify.labels import Label
from nohaven.classify.split import Split, fold_groups
from nohaven.classify.stance import Reading, load_readings
from nohaven.classify.training import (
    STRICT_CONTROLS,
    TrainingSettings,
    account_balanced,
    arabic_rows,
    family_weights,
    reweighed,
    threshold_by_family,
    training_set,
)

ROOT = Path(__file__).resolve().parents[1]
SHOWN = (
    "news-tt-verified-counter",
    "quran-en",
    "quran-fr",
    "written-train",
    "news-en-fakes",
    "hate-mlma",
    "arabic-general",
)


_CUT = "/cut"
#: Negative families of everyday tweets, where short posts like the everyday ones come from.
TWEET_FAMILIES = ("offtopic-tweets", "arabic-general", "hate-mlma")
#: Everyday short posts in English, French and Arabic (neutral, written for this check):
#: greetings, thanks, ordinary religious phrases, chit-chat. None should be flagged.
EVERYDAY = (
    "ok",
    "lol",
    "yes",
    "thanks!",
    "hello",
    "good morning",
    "see you tomorrow",
    "no link here",
    "happy birthday",
    "Match tonight at 8",
    "The weather is nice today in Leeds.",
    "RT @bbc: news",
    "amen",
    "Eid Mubarak!",
    "merci",
    "bonjour à tous",
    "à demain",
    "bonne nuit",
    "بسم الله",
    "الحمد لله",
    "إن شاء الله",
    "ما شاء الله",
    "صباح الخير",
    "شكرا",
    "جمعة مباركة",
    "رمضان كريم",
)


LENGTH_BINS = TrainingSettings().length_bins


def length_balanced(
    weights: npt.NDArray[np.float64], cleaned: list[str], positive: npt.NDArray[np.bool_]
) -> npt.NDArray[np.float64]:
    """The positives' weights scaled per length bin so that their weight falls on short and
    long texts as the negatives' does (their total kept): length alone then says nothing."""
    bins = np.digitize([len(text) for text in cleaned], LENGTH_BINS)
    out = weights.copy()
    total = weights[positive].sum()
    negatives = weights[~positive].sum()
    for b in np.unique(bins):
        inside = bins == b
        pos = weights[positive & inside].sum() / total
        neg = weights[~positive & inside].sum() / negatives
        if pos > 0:
            out[positive & inside] *= neg / pos
    out[positive] *= total / out[positive].sum()
    return out


def language_balanced(
    weights: npt.NDArray[np.float64],
    languages: list[str],
    positive: npt.NDArray[np.bool_],
    strength: float,
) -> npt.NDArray[np.float64]:
    """The negatives' weights moved per language (en, ar, fr, the rest) towards the positives'
    language mix (``strength`` 1: the same mix, so a post's language alone says nothing; 0:
    unchanged; between, the geometric mean of the two mixes), their total kept."""
    groups = np.array([lang if lang in ("en", "ar", "fr") else "other" for lang in languages])
    out = weights.copy()
    negatives = ~positive
    pos_total, neg_total = weights[positive].sum(), weights[negatives].sum()
    targets: dict[str, float] = {}
    for lang in np.unique(groups):
        inside = groups == lang
        pos_share = weights[positive & inside].sum() / pos_total
        neg_share = weights[negatives & inside].sum() / neg_total
        if neg_share > 0:
            targets[lang] = max(pos_share, 1e-3) ** strength * neg_share ** (1 - strength)
    norm = sum(targets.values())
    for lang, target in targets.items():
        inside = negatives & (groups == lang)
        out[inside] *= (target / norm) / (weights[inside].sum() / neg_total)
    out[negatives] *= neg_total / out[negatives].sum()
    return out


def _cut_negatives(
    train: list[Example], share: float, families: tuple[str, ...] = ()
) -> list[Example]:
    """Copies of a share of the negatives cut to their first one to four words, in a family of
    their own (``<family>/cut``), kept with their account for the grouped folds."""
    if not share:
        return []
    rng = random.Random(0)
    cut: list[Example] = []
    for example in train:
        if example.label == Label.PROPAGANDA.value or rng.random() >= share:
            continue
        if families and example.family not in families:
            continue
        words = classifier_text(example.text).split()
        count = rng.randint(1, 4)
        if len(words) <= count:
            continue
        cut.append(replace(example, text=" ".join(words[:count]), family=_CUT))
    return cut


_SHIPPED = TrainingSettings()
_SHIPPED_AMBIGUOUS = {
    name: _SHIPPED.ambiguous_weight
    for name, family in FAMILIES.items()
    if family.role is Role.AMBIGUOUS and family.train and _SHIPPED.ambiguous_weight > 0
}


#: Every faith of the religious identity templates (each variant learns its identity_faiths).
FAITHS = tuple(sorted({item.identity for item in load_identity_texts("train")}))
#: Those the default split's training positives name more often than its negatives
#: (nohaven.classify.identity.over_represented, as training weighs them; measured once, listed
#: here so that a variant is a constant).
OVER_REPRESENTED = ("muslim", "jewish", "hindu", "shia", "sunni", "sufi", "yazidi")
BIASED = ("muslim", "shia", "sikh", "sunni", "yazidi")
BIASED_PEOPLES = (*BIASED, "arab", "french", "pakistani", "somali")
IDENTITY_TRAIN = "identity-train"


#: Evaluation-only families a variant may learn (``learn``): the group's video titles (a
#: positive family of another medium) and the King James Bible (scripture of another faith).
TITLES = "video-titles"
BIBLE = "bible-kjv"
LEARNABLE = (BIBLE, TITLES)
REPORTERS = "self-described-reporters"


@dataclass(frozen=True)
class Variant:
    c: float = _SHIPPED.c
    # the Fifth Tribe accounts that call themselves reporters, monitors or 'not affiliated':
    # learnt as positives (their training-side accounts; the test side's are reported apart)
    reporters: bool = False
    max_n: int = 5
    bits: int = _SHIPPED.bits  # hashed n-gram columns: 2**bits
    hard_negative_weight: float = 2.0
    boost: Mapping[str, float] = field(default_factory=dict)
    from_controls: bool = False  # the boost's weight taken from the other controls only
    words: float = 0.0  # weight of the hashed word 1-2-grams block (0: none)
    short: float = 0.0  # share of negatives also learnt cut to their first 1-4 words
    short_weight: float = 1.0  # the cut copies' family weight, in negative families
    length_balance: bool = False  # positives reweighted to the negatives' length profile
    lang_balance: float = 0.0  # negatives moved towards the positives' language mix (1: equal)
    cut_from: tuple[str, ...] = ()  # the families the cut copies come from (all when empty)
    min_positive_chars: int = _SHIPPED.min_positive_chars  # positives shorter than this
    # (cleaned) are not learnt from, but still scored
    everyday: bool = False  # nohaven's written everyday posts learnt as a negative family
    # the faiths whose sentences of nohaven's religious identity train templates are learnt, as
    # a control family (TrainingSettings.identity_faiths; empty: none)
    identity_faiths: tuple[str, ...] = _SHIPPED.identity_faiths
    intercept: bool = True  # False: no learnt bias, every score comes from n-grams
    length_bins: BandWeight = _SHIPPED.length_weight  # weight of the one-hot length-band columns
    # (LENGTH_BINS, the shipped bands: a learnt bias per length of the cleaned text; 0: none),
    # one for every band or one per band (under 10, 10-19, 20-39, 40-79, 80-159, 160 and more)
    clean: float = 0.0  # share of each fit's positives dropped: those an inner, grouped
    # out-of-fold model of the fit's own examples scores lowest (label noise: replies,
    # quotations, mundane tweets of the group's accounts)
    # NB-LR (Wang and Manning 2012) when > 0: each n-gram column scaled by the log ratio of its
    # weighted document frequency among the fit's positives and negatives, with this smoothing
    # (as NgramClassifier(nb_smoothing=...) learns; 0: plain logistic regression)
    nb: float = _SHIPPED.nb_smoothing
    nb_abs: bool = False  # scale by the ratio's magnitude (a per-column prior), not its sign
    handles: float = 0.0  # weight of a block of the @handles a text names (who is quoted or
    # answered: network context; the corpus's anonymised "@user" and "@url" left out)
    language: float = 0.0  # weight of one-hot columns of the identified language (en, ar, fr,
    # other, none): a bias per language, so common words need not carry the language's prior
    case: float = 0.0  # weight of one-hot bands of the share of Latin words in title case and
    # in capitals (the cleaned text is lower case): headline style
    # the value of the stance-cue columns (nohaven.classify.cues: how the group and its
    # enemies are named, honorifics, fighters' words, outlets, how opponents name the group)
    cue_weight: float = _SHIPPED.cue_weight
    # families left out of the variant's training (and so of its threshold):
    # "no-ordinary-english" learns as the model before the ordinary-English families
    without: tuple[str, ...] = ()
    # positives read as one of these (nohaven.classify.stance: "none", "unclear") are not learnt
    # from, but still scored (the training positives' readings come from --readings)
    unlearnt_readings: tuple[str, ...] = _SHIPPED.unlearnt_readings
    # > 0: those positives are learnt after all, their weight times this, the positives' total
    # weight kept (a softer cleaning)
    reading_weight: float = 0.0
    # > 0: a second model, fit on the positives against the hard negatives alone (the topic's
    # news and counter-speech), adds this times its decision to the first's (both are linear in
    # the same columns, so the sum is one linear model); with expert_min, see there
    expert: float = 1.0 if _SHIPPED.expert else 0.0
    # the smaller of the two decisions, not their sum (the shipped topic expert,
    # TrainingSettings.expert): a text is flagged only where the topic's expert agrees
    # (news-like texts vetoed; off-topic ones left to the first model, which the expert never
    # learnt to judge)
    expert_min: bool = _SHIPPED.expert
    # added to the expert's decision before the smaller is taken: the larger, the fewer texts
    # the expert vetoes
    expert_margin: float = _SHIPPED.expert_margin
    expert_c: float = 0.0  # the expert's regularisation (0: the variant's C)
    # positives read as one of these are not learnt by the expert (the first model learns them)
    expert_unlearnt: tuple[str, ...] = ()
    # other negative families the topic expert learns too, as it learns the hard negatives (the
    # everyday religious phrases, the identity sentences: the religious vocabulary the group's
    # accounts share with everyone, so the expert may veto it)
    expert_families: tuple[str, ...] = _SHIPPED.expert_families
    # a third model, fit on the positives against the controls alone (ordinary speech,
    # scripture), whose decision the smallest is also taken from (with expert_min)
    control_expert: bool = False
    # the conflict's place names (PLACES) written as one word, "placename", before hashing: the
    # model cannot learn that a place is a cue (topic), only what is said about it
    places: bool = False
    hashes: bool = True  # False: the hashtag mark "#" dropped before hashing (the word kept)
    faiths: bool = False  # every faith's words written "faithword" before hashing (not the cues)
    # the cleaned text without what the sources' exports add: HTML entities unescaped ("&amp;"
    # as "&"), a link cut off by a retweet's truncation ("https:/…", "htt…") dropped like any
    # link; with "ellipsis" the truncation's trailing "…" too
    artefacts: str = ""  # "", "links" or "ellipsis"
    # > 0: one column of this value in texts mostly in Arabic script (a bias of the script)
    arabic_bias: float = 0.0
    # the hashed n-gram columns scaled by their inverse document frequency over the training
    # side (smoothed, log(1 + n) / (1 + df) + 1), each row's block normalised to unit length
    # again: TF-IDF, common n-grams weigh less before the regression
    idf: bool = _SHIPPED.idf
    # > 0: a positive text teaches only the n-grams that at least this many of the fit's
    # positive accounts use: an n-gram of one account (its laugh, its spam, its signature) is
    # zeroed in the positive rows, so it can only learn from the negatives that hold it
    min_positive_accounts: int = 0
    # each positive account's share of the positives' weight is proportional to its number of
    # texts to this power (1: every text alike; 0: every account alike, as shipped), the total
    # kept: the few accounts with the most tweets weigh less
    positive_account_power: float = _SHIPPED.positive_account_power
    # the same within each negative family whose groups are accounts ("twitter:..."), each
    # family's total kept
    negative_account_power: float = 1.0
    # the positives identified as Arabic weigh this much more (the positives' total kept): the
    # group's Arabic tweets are few (65 of the training positives)
    arabic_positive_boost: float = _SHIPPED.arabic_positive_weight
    # > 0: a second set of stance-cue columns, of this value, set only in texts mostly in
    # Arabic script (nohaven.classify.cues.mostly_arabic, as the shipped model does): the model
    # can learn that a cue counts for more (or less) in Arabic, where the news names the group
    # "daesh" and rarely in its own terms
    arabic_cues: float = _SHIPPED.arabic_cue_weight
    # the ambiguous families of the training side learnt as negatives, each at this factor of
    # a control family's share (TrainingSettings.ambiguous_weight): "tt-pro-mixed" is
    # ISIS-topic tweets of 2017 (news relays, monitors, partisan commentary, some support),
    # topic without a clean stance; they never set the threshold
    weak: Mapping[str, float] = field(default_factory=lambda: dict(_SHIPPED_AMBIGUOUS))
    # the topic expert learns the weak families, as it learns the hard negatives
    weak_expert: bool = _SHIPPED.expert
    # the first model learns them too (TrainingSettings.ambiguous_in_main)
    weak_main: bool = _SHIPPED.ambiguous_in_main
    # evaluation-only families (of LEARNABLE) learnt, split by group and time like the trained
    # ones (TrainingSettings.learnt_evaluation_families); with --test their ``_held_out``
    # figures are of the texts that no variant learns
    learn: tuple[str, ...] = ()
    # the learnt video titles' total weight, this times the tweets' (the positives' total
    # kept). ``recall`` is always the tweets'; ``recall_titles`` the learnt titles' out of fold
    titles: float = 1.0
    # the groups dealt to the out-of-fold folds at random with this seed, not by size (as
    # training deals them): another draw of the folds, to see how much a figure owes to them
    fold_seed: int | None = None


def _tt_pro(
    weight: float = 1.0, *, expert: bool = True, main: bool = False, **changes: Any
) -> Variant:
    """The ambiguous tt-pro-mixed tweets learnt at ``weight`` by the topic expert and/or the
    first model, with ``changes`` to the other settings."""
    return Variant(weak={"tt-pro-mixed": weight}, weak_expert=expert, weak_main=main, **changes)


VARIANTS = {
    "shipped": Variant(),
    "titles0.1": Variant(learn=(TITLES,), titles=0.1),
    "titles0.25": Variant(learn=(TITLES,), titles=0.25),
    "titles0.5": Variant(learn=(TITLES,), titles=0.5),
    "bible": Variant(learn=(BIBLE,)),
    "bible0.1": Variant(learn=(BIBLE,), boost={BIBLE: 0.1}),
    "bible0.3": Variant(learn=(BIBLE,), boost={BIBLE: 0.3}),
    # the titles learnt with the Bible learnt as a control beside them (its held-out books
    # still unseen): does scripture learnt hold back what the titles teach?
    "titles0.1-bible": Variant(learn=(BIBLE, TITLES), titles=0.1),
    "titles0.1-bible0.3": Variant(learn=(BIBLE, TITLES), titles=0.1, boost={BIBLE: 0.3}),
    **{f"shipped-folds{seed}": Variant(fold_seed=seed) for seed in range(3)},
    **{f"bible-folds{seed}": Variant(learn=(BIBLE,), fold_seed=seed) for seed in range(3)},
    "c4": Variant(c=4.0),
    "c2": Variant(c=2.0),
    "hard4": Variant(hard_negative_weight=4.0),
    "max_n6": Variant(max_n=6),
    "words0.5": Variant(words=0.5),
    "words1": Variant(words=1.0),
    "words2": Variant(words=2.0),
    "strict3": Variant(boost=dict.fromkeys(STRICT_CONTROLS, 3.0)),
    "strict6": Variant(boost=dict.fromkeys(STRICT_CONTROLS, 6.0)),
    "quran-en6": Variant(boost={"quran-en": 6.0}),
    "quran-en10": Variant(boost={"quran-en": 10.0}),
    "quran-en6-controls": Variant(boost={"quran-en": 6.0}, from_controls=True),
    "short0.3": Variant(short=0.3),
    "short0.3x3": Variant(short=0.3, short_weight=3.0),
    "short1x3": Variant(short=1.0, short_weight=3.0),
    "length": Variant(length_balance=True),
    "no-intercept": Variant(intercept=False),
    "everyday": Variant(everyday=True),
    "everyday-x5": Variant(everyday=True, boost={"everyday-train": 5.0}),
    "everyday-x20": Variant(everyday=True, boost={"everyday-train": 20.0}),
    # the religious identity templates' train file, learnt as a control (at its family weight
    # times the boost), judged on the eval file's sentences (_identity_summary): every faith's
    # sentences; the Muslim ones alone (as Dixon et al. balance a term over-represented among
    # the positives); none (the model before default+5c271cba)
    "identity": Variant(identity_faiths=FAITHS),
    "identity-x3": Variant(identity_faiths=FAITHS, boost={"identity-train": 3.0}),
    "identity-muslim": Variant(identity_faiths=("muslim",)),  # shipped in default+5c271cba
    "identity-muslim-x3": Variant(identity_faiths=("muslim",), boost={"identity-train": 3.0}),
    "no-identity": Variant(identity_faiths=()),
    # the written everyday religious phrases' train file (religious-train, a control learnt
    # since default+b286eab7, which does not set the threshold) left out: the model before
    "no-religious": Variant(without=("religious-train",)),
    "religious-x2": Variant(boost={"religious-train": 2.0}),  # the phrases at twice the weight
    "expert-religious": Variant(expert_families=("religious-train",)),
    "expert-religious-identity": Variant(expert_families=("religious-train", "identity-train")),
    "expert-identity": Variant(expert_families=("identity-train",)),  # shipped since 2026-12-05
    "expert-none": Variant(expert_families=()),  # the expert as shipped before
    # the expert also judges ordinary English (WordNet, fortune files), which set the threshold
    "expert-ordinary": Variant(
        expert_families=("identity-train", "english-wordnet", "english-fortunes")
    ),
    # the identities the training positives name more often than its negatives, as training
    # weighs them (nohaven.classify.identity.over_represented on the training side: Muslim,
    # Jewish, Hindu, Shia, Sunni, Sufi, Yazidi), every one's train sentences learnt
    "identity-over": Variant(identity_faiths=OVER_REPRESENTED),
    # the identities whose train sentences the model that learnt none flags, or scores 0.1 or
    # more above the other identities of their set in a language (measured on the train file
    # with default+396523f2: Yazidi +0.277, Muslim +0.188, Sunni +0.104, Shia +0.103, Sikh
    # one flagged): bias found on the train file, mended with it, judged on the eval file
    "identity-biased": Variant(identity_faiths=BIASED),
    # the same rule read again with the third set (peoples and nationalities): default+7ef94ca7
    # scores its Pakistani train sentences 0.171 above the others in English (not shipped)
    "identity-biased-pakistani": Variant(identity_faiths=(*BIASED, "pakistani")),
    # the rule read on the model that learnt no identity sentences, with the third set: the
    # faiths above and Arab, French, Pakistani and Somali (shipped since default+f62a0608)
    "identity-biased-peoples": Variant(identity_faiths=BIASED_PEOPLES),
    # the same nine at three times the family's weight (the Muslim gap, the largest left)
    "identity-biased-peoples-x3": Variant(
        identity_faiths=BIASED_PEOPLES, boost={"identity-train": 3.0}
    ),
    # every faith's words one placeholder before hashing: no n-gram can tell the faiths apart
    "faiths-masked": Variant(faiths=True),
    # hashtags read as plain words: "#brexit" pushed ordinary tweets up (ordinary-tweets)
    "no-hash": Variant(hashes=False),
    "faiths-masked-no-identity": Variant(faiths=True, identity_faiths=()),
    "short-tweets": Variant(short=0.5, cut_from=TWEET_FAMILIES),
    "short-tweets-no-intercept": Variant(short=0.5, cut_from=TWEET_FAMILIES, intercept=False),
    # the shipped model before the length bands (one bias, every positive learnt)
    "previous": Variant(length_bins=0.0, min_positive_chars=0, c=4.0, nb=0.0),
    "no-bands": Variant(length_bins=0.0),  # every positive of 20 characters and more
    "all-positives": Variant(min_positive_chars=0),  # bands, short positives learnt too
    "all-positives-everyday": Variant(min_positive_chars=0, everyday=True),
    "bands0.25": Variant(length_bins=0.25),
    "bands0.25-everyday": Variant(length_bins=0.25, everyday=True),
    # the short bands (under 20 characters) as shipped, the longer ones at a quarter weight
    "bands-split": Variant(length_bins=(0.5, 0.5, 0.25, 0.25, 0.25, 0.25)),
    # only the shortest band (under 10 characters: "lol", "ok") as shipped
    "bands-split10": Variant(length_bins=(0.5, 0.25, 0.25, 0.25, 0.25, 0.25)),
    "bands0.5": Variant(length_bins=0.5),
    "bands1": Variant(length_bins=1.0),
    "bands2": Variant(length_bins=2.0),
    "long15": Variant(min_positive_chars=15),
    "long30": Variant(min_positive_chars=30),
    "long40": Variant(min_positive_chars=40),
    "c16": Variant(c=16.0),
    "nb1": Variant(nb=1.0),
    "nb1-abs": Variant(nb=1.0, nb_abs=True),
    "lang1": Variant(lang_balance=1.0),
    "lang0.5": Variant(lang_balance=0.5),
    "nb0.1": Variant(nb=0.1),
    "nb0.3": Variant(nb=0.3),
    "nb0.03": Variant(nb=0.03),
    "nb0.01": Variant(nb=0.01),
    "nb0.1-c4": Variant(nb=0.1, c=4.0),
    "nb0.1-c16": Variant(nb=0.1, c=16.0),
    "bits18": Variant(bits=18),
    "bits22": Variant(bits=22),
    "quran-en6-news-tt4": Variant(boost={"quran-en": 6.0, "news-tt-verified-counter": 4.0}),
    "quran-en6-news-tt8": Variant(boost={"quran-en": 6.0, "news-tt-verified-counter": 8.0}),
    "handles0.5": Variant(handles=0.5),
    "handles1": Variant(handles=1.0),
    "language1": Variant(language=1.0),
    "case1": Variant(case=1.0),
    "no-ordinary-english": Variant(without=("english-wordnet", "english-fortunes")),
    "no-wordnet": Variant(without=("english-wordnet",)),
    "no-fortunes": Variant(without=("english-fortunes",)),
    "no-cues": Variant(cue_weight=0.0),
    "cues1": Variant(cue_weight=1.0),
    "cues2": Variant(cue_weight=2.0),
    "expert0.3": Variant(expert=0.3, expert_min=False),
    "expert0.5": Variant(expert=0.5, expert_min=False),
    "no-expert": Variant(expert=0.0, expert_min=False),
    "expert-min-m1": Variant(expert=1.0, expert_min=True, expert_margin=1.0),
    "expert-min-m-1": Variant(expert=1.0, expert_min=True, expert_margin=-1.0),
    "expert-min-m0": Variant(expert=1.0, expert_min=True, expert_margin=0.0),
    "expert-min-c2": Variant(expert=1.0, expert_min=True, expert_c=2.0),
    "expert-min-stance": Variant(expert=1.0, expert_min=True, expert_unlearnt=("none",)),
    "control-expert": Variant(control_expert=True),
    "control-expert-m-1": Variant(control_expert=True, expert_margin=-1.0),
    "places": Variant(places=True),
    "artefacts": Variant(artefacts="links"),
    "artefacts-ellipsis": Variant(artefacts="ellipsis"),
    "arabic-bias1": Variant(arabic_bias=1.0),
    "idf": Variant(idf=True, expert_margin=-0.5),
    "idf-m-1": Variant(idf=True, expert_margin=-1.0),
    "idf-m-1.5": Variant(idf=True, expert_margin=-1.5),
    "idf-m-1.75": Variant(idf=True, expert_margin=-1.75),
    "idf-m-2": Variant(idf=True, expert_margin=-2.0),
    "idf-m-2.5": Variant(idf=True, expert_margin=-2.5),
    # the shipped settings (no TF-IDF), named for the comparisons above
    "no-idf": Variant(idf=False, expert_margin=-0.5),
    # the ambiguous tt-pro-mixed tweets (TrainingSettings.ambiguous_weight, ambiguous_in_main)
    "no-ambiguous": Variant(weak={}),  # the model before default+dce7f6f7, folded by copies
    "tt-pro-weak0.5": _tt_pro(0.5, expert=False, main=True),
    "tt-pro-weak1": _tt_pro(1.0, expert=False, main=True),
    "tt-pro-weak2": _tt_pro(2.0, expert=False, main=True),
    "tt-pro-weak1-expert": _tt_pro(1.0, main=True),
    # the shipped settings from default+dce7f6f7 to the ninth session of 2026-12-04
    "tt-pro-expert-only": _tt_pro(idf=False, expert_margin=-0.5),
    "tt-pro-expert-only-m0": _tt_pro(expert_margin=0.0),
    "tt-pro-expert-only-m-1": _tt_pro(expert_margin=-1.0),
    "tt-pro-expert-only-w2": _tt_pro(2.0),
    "tt-pro-expert-only-w0.5": _tt_pro(0.5),
    "news-tt2": Variant(boost={"news-tt-verified-counter": 2.0}),
    "news-tt4": Variant(boost={"news-tt-verified-counter": 4.0}),
    "idf-tt-pro-expert-only": _tt_pro(idf=True, expert_margin=-1.75),
    **{
        f"idf-tt-pro-expert-only-m{margin:g}": _tt_pro(idf=True, expert_margin=margin)
        for margin in (0.0, -0.5, -1.0, -1.25, -1.5)
    },
    "c12": Variant(c=12.0),
    "reporters": Variant(learn=(REPORTERS,), reporters=True),
    "places-no-expert": Variant(places=True, expert=0.0, expert_min=False),
    # every tweet alike, the expert's decision as it is: the model before default+7d314e26
    "account-power1": Variant(positive_account_power=1.0, expert_margin=0.0),
    "account-power0.5": Variant(positive_account_power=0.5, expert_margin=0.0),
    "expert-min-m0-c4": Variant(expert_margin=0.0, c=4.0),
    "expert-min-m0-c16": Variant(expert_margin=0.0, c=16.0),
    "accounts2": Variant(min_positive_accounts=2, expert_margin=0.0),
    "accounts2-by-tweet": Variant(
        min_positive_accounts=2, positive_account_power=1.0, expert_margin=0.0
    ),
    "accounts3-by-tweet": Variant(
        min_positive_accounts=3, positive_account_power=1.0, expert_margin=0.0
    ),
    "negatives-account-power0": Variant(negative_account_power=0.0, expert_margin=0.0),
    "shipped-accounts2": Variant(min_positive_accounts=2),
    "shipped-accounts3": Variant(min_positive_accounts=3),
    "no-arabic-cues": Variant(arabic_cues=0.0),  # the model before default+4ee6b088
    "arabic-cues0.5": Variant(arabic_cues=0.5),
    "arabic-cues1": Variant(arabic_cues=1.0),
    "arabic-cues2": Variant(arabic_cues=2.0),
    "arabic-positives-x1": Variant(arabic_positive_boost=1.0),  # the model before
    "arabic-positives-x3": Variant(arabic_positive_boost=3.0),
    "arabic-positives-x10": Variant(arabic_positive_boost=10.0),
    "all-readings": Variant(unlearnt_readings=()),
    "unlearnt-none": Variant(unlearnt_readings=("none",)),
    "unlearnt-none-unclear": Variant(unlearnt_readings=("none", "unclear")),
    "none-w0.5": Variant(unlearnt_readings=("none",), reading_weight=0.5),
    "none-w0.25": Variant(unlearnt_readings=("none",), reading_weight=0.25),
    "clean0.1": Variant(clean=0.1),
    "clean0.2": Variant(clean=0.2),
    "clean0.35": Variant(clean=0.35),
}


#: Places of the conflict's news, as they begin a word of the cleaned text (Latin: "syria"
#: finds "#syria" and "syrian"), and Arabic ones as whole words once normalised (teh marbuta
#: as heh, no hamza on alef), with or without the article and a joined preposition.
PLACES_LATIN = (
    "syria", "iraq", "mosul", "raqqa", "aleppo", "damascus", "baghdad", "libya", "sirte",
    "benghazi", "derna", "yemen", "afghan", "kabul", "nangarhar", "pakistan", "russia", "moscow",
    "turkey", "turkish", "ankara", "istanbul", "iran", "tehran", "saudi", "riyadh", "egypt",
    "cairo", "sinai", "nigeria", "somalia", "palestin", "gaza", "jordan", "lebanon", "beirut",
    "kurdistan", "erbil", "kirkuk", "falluja", "ramadi", "tikrit", "anbar", "diyala",
    "deir", "homs", "hama", "idlib", "palmyra", "kobani", "kobane", "hasakah", "qamishli",
    "manbij", "tunisia", "algeria", "libye", "syrie", "irak",
)  # fmt: skip
PLACES_ARABIC = frozenset(
    {
        "سوريا", "سوريه", "عراق", "موصل", "رقه", "حلب", "دمشق", "بغداد", "ليبيا", "سرت",
        "بنغازي", "درنه", "يمن", "افغانستان", "روسيا", "تركيا", "ايران", "سعوديه", "مصر",
        "سيناء", "سينا", "نيجيريا", "صومال", "فلسطين", "غزه", "اردن", "لبنان", "كردستان",
        "اربيل", "كركوك", "فلوجه", "رمادي", "تكريت", "انبار", "ديالى", "حمص", "حماه", "ادلب",
        "تدمر", "كوباني", "حسكه", "منبج", "تونس", "جزائر",
    }
)  # fmt: skip
_PLACE_LEAD = "#@\"'“‘«(*[-_.,:;!?"


_ENTITIES = (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"))
_CUT_LINK = re.compile(r"(?:^|\s)h(?:t(?:t(?:p(?:s)?)?)?)?(?::/{0,2})?(?:\.\.\.|…)$")
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)$")


def _without_artefacts(cleaned: str, which: str) -> str:
    """``cleaned`` without the sources' export artefacts (see ``Variant.artefacts``)."""
    if "&" in cleaned:
        for entity, char in _ENTITIES:
            cleaned = cleaned.replace(entity, char)
    cleaned = _CUT_LINK.sub("", cleaned)
    if which == "ellipsis":
        cleaned = _TRAILING_ELLIPSIS.sub("", cleaned)
    return cleaned.strip()


def _mask_faiths(cleaned: str) -> str:
    """``cleaned`` with each faith's word written "faithword"
    (:data:`~nohaven.classify.identity.FAITH_WORDS`)."""
    for words in FAITH_WORDS.values():
        cleaned = words.sub("faithword", cleaned)
    return cleaned


def _mask_places(cleaned: str) -> str:
    """``cleaned`` with each word that names a place of :data:`PLACES_LATIN` or
    :data:`PLACES_ARABIC` written "placename" (what leads the word kept)."""
    return " ".join("_".join(map(_masked_word, word.split("_"))) for word in cleaned.split(" "))


def _masked_word(word: str) -> str:
    core = word.lstrip(_PLACE_LEAD)
    if core:
        if core.isascii():
            hit = core.startswith(PLACES_LATIN)
        else:
            forms = {core}
            if core[0] in "وفبكل":
                forms.add(core[1:])
            forms |= {form[2:] for form in forms if form.startswith("ال")}
            forms |= {form.rstrip("،.!؟:") for form in forms}
            hit = bool(forms & PLACES_ARABIC)
        if hit:
            return word[: len(word) - len(core)] + "placename"
    return word


def _cleaned(
    fit: npt.NDArray[np.int64],
    share: float,
    fit_and_decide: Callable[..., npt.NDArray[np.float64]],
    groups: list[str],
    positive: npt.NDArray[np.bool_],
) -> npt.NDArray[np.int64]:
    """``fit`` without the ``share`` of its positives that a grouped out-of-fold model of
    ``fit`` alone (three folds) scores lowest: no example outside ``fit`` decides."""
    if not share:
        return fit
    inner = out_of_fold(lambda a, b: fit_and_decide(fit[a], fit[b]), [groups[i] for i in fit], 3)
    pos = positive[fit]
    cut = np.quantile(inner[pos], share)
    keep = ~pos | (inner > cut)
    return fit[keep]


def _nb_scale(
    matrix: sp.csr_matrix,
    positive: npt.NDArray[np.bool_],
    weights: npt.NDArray[np.float64],
    hashed: int,
    variant: Variant,
) -> sp.dia_matrix:
    """The NB-LR column scale learnt from ``matrix`` (the fit's rows): the log ratio of each
    n-gram's weighted document frequency among positives and negatives (each side's weights
    summing to its count), smoothed; other columns (length bands) are kept as they are."""
    present = (matrix[:, :hashed] > 0).astype(np.float64).tocsc()
    scale = np.ones(matrix.shape[1])
    sides = []
    for side in (positive, ~positive):
        side_weights = weights * side
        side_weights *= side.sum() / side_weights.sum()
        counts = np.asarray(present.T @ side_weights).ravel() + variant.nb
        sides.append(counts / counts.sum())
    ratio = np.log(sides[0]) - np.log(sides[1])
    scale[:hashed] = np.abs(ratio) if variant.nb_abs else ratio
    return sp.diags(scale)


def _weights(
    base: npt.NDArray[np.float64],
    families: npt.NDArray[np.str_],
    variant: Variant,
    negative: npt.NDArray[np.bool_],
    hard: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float64]:
    """The base weights with the boosted families weighing more. The negatives keep their
    total, or with ``from_controls`` the controls keep theirs (the boost is paid by the other
    controls alone and the hard negatives keep their weight)."""
    weights = base.copy()
    for name, factor in variant.boost.items():
        weights[families == name] *= factor
    pool = negative & ~hard if variant.from_controls else negative
    weights[pool] *= base[pool].sum() / weights[pool].sum()
    return weights


#: Mention placeholders of anonymised corpora (hate-mlma writes every mention as "@user" and
#: every link as "@url"): learnt, they would tell that corpus from the others, not a stance.
_PLACEHOLDER_HANDLES = frozenset({"user", "url", "username", "mention"})
_HANDLE = re.compile(r"@(\w{1,15})")
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_URL_OR_HANDLE = re.compile(r"https?://\S+|@\w+")


def _handles(text: str) -> str:
    return " ".join(
        f"@{handle}"
        for handle in (found.lower() for found in _HANDLE.findall(text))
        if handle not in _PLACEHOLDER_HANDLES
    )


def _case_bands(text: str) -> str:
    """Bands of the share of title-case and all-capital words among a text's Latin words
    (links and handles left out), as tokens; none under four Latin words."""
    words = [word for word in _WORD.findall(_URL_OR_HANDLE.sub(" ", text)) if word[0].isascii()]
    if len(words) < 4:
        return ""
    title = sum(word[0].isupper() for word in words) / len(words)
    capitals = sum(word.isupper() and len(word) > 1 for word in words) / len(words)
    return f"title{min(int(title * 5), 4)} caps{min(int(capitals * 10), 3)}"


def _token_block(tokens: list[str], weight: float) -> sp.csr_matrix:
    block: sp.csr_matrix = HashingVectorizer(
        analyzer=str.split, n_features=1 << 18, alternate_sign=False, norm=None
    ).transform(tokens)
    return block * weight


def _linear_fit(
    learnt: sp.csr_matrix,
    positive: npt.NDArray[np.bool_],
    weights: npt.NDArray[np.float64],
    hard: npt.NDArray[np.bool_],
    variant: Variant,
    c: float,
    expert_skip: npt.NDArray[np.bool_] | None = None,
    main_skip: npt.NDArray[np.bool_] | None = None,
) -> Callable[[sp.csr_matrix], npt.NDArray[np.float64]]:
    """The decision function of the variant's logistic regression fit on ``learnt``; with
    ``variant.expert``, plus that times the decision of a second one fit on the positives
    against the hard negatives alone (their weight scaled to the positives')."""

    def fit(
        rows: npt.NDArray[np.bool_], row_weights: npt.NDArray[np.float64], c: float = c
    ) -> LogisticRegression:
        model = LogisticRegression(
            C=c, solver="liblinear", max_iter=300, random_state=0, fit_intercept=variant.intercept
        )
        return model.fit(learnt[rows], positive[rows], sample_weight=row_weights[rows])

    everything = np.ones(len(positive), dtype=bool)
    first = fit(everything if main_skip is None else ~main_skip, weights)
    if not variant.expert:
        return lambda judged: np.asarray(first.decision_function(judged), dtype=np.float64)
    topical = positive | hard
    expert_weights = weights.copy()
    negatives = hard & ~positive
    expert_weights[negatives] *= weights[positive].sum() / weights[negatives].sum()
    learns = topical & (weights > 0)
    if expert_skip is not None:
        learns &= ~expert_skip
        expert_weights[negatives] *= weights[positive & learns].sum() / weights[positive].sum()
    second = fit(learns, expert_weights, variant.expert_c or c)
    if variant.control_expert:
        controls = ~hard & ~positive
        control_weights = weights.copy()
        control_weights[controls] *= weights[positive].sum() / weights[controls].sum()
        third = fit(~hard & (weights > 0), control_weights)
        return lambda judged: np.minimum.reduce(
            [
                np.asarray(first.decision_function(judged), dtype=np.float64),
                np.asarray(second.decision_function(judged), dtype=np.float64)
                + variant.expert_margin,
                np.asarray(third.decision_function(judged), dtype=np.float64),
            ]
        )
    if variant.expert_min:
        return lambda judged: np.minimum(
            np.asarray(first.decision_function(judged), dtype=np.float64),
            np.asarray(second.decision_function(judged), dtype=np.float64) + variant.expert_margin,
        )
    return lambda judged: np.asarray(
        first.decision_function(judged) + variant.expert * second.decision_function(judged),
        dtype=np.float64,
    )


def _account_filtered(
    learnt: sp.csr_matrix,
    positive: npt.NDArray[np.bool_],
    groups: list[str],
    hashed: int,
    minimum: int,
) -> sp.csr_matrix:
    """``learnt`` with each hashed n-gram column that fewer than ``minimum`` of the positive
    rows' groups (accounts) hold zeroed in the positive rows (see ``min_positive_accounts``)."""
    rows = np.flatnonzero(positive)
    codes = {name: index for index, name in enumerate(sorted({groups[i] for i in rows}))}
    member = sp.csr_matrix(
        (np.ones(len(rows)), ([codes[groups[i]] for i in rows], np.arange(len(rows)))),
        shape=(len(codes), len(rows)),
    )
    present = learnt[rows][:, :hashed].copy()
    present.data = np.ones_like(present.data)
    accounts = np.asarray(((member @ present) > 0).sum(axis=0)).ravel()
    rare = np.zeros(learnt.shape[1], dtype=bool)
    rare[:hashed] = (accounts > 0) & (accounts < minimum)
    coo = learnt.tocoo()
    keep = ~(positive[coo.row] & rare[coo.col])
    return sp.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=learnt.shape)


def _language_groups(texts: list[str]) -> list[str]:
    """Each text's identified language: en, ar, fr, other, or none when undetermined."""
    from nohaven.text.language import LanguageIdentifier

    identifier = LanguageIdentifier()
    out = []
    for detection in identifier.detect_many(texts):
        lang = detection.lang
        out.append(lang if lang in ("en", "ar", "fr") else "other" if lang else "none")
    return out


#: Families whose out-of-fold flag rate is printed (as ``<family>_flagged``).
FLAG_SHOWN = (
    BIBLE,
    "english-wordnet",
    "english-fortunes",
    "quran-en",
    "offtopic-tweets",
    "hate-mlma",
    "arabic-general",
    "quran-ar",
)

#: Families whose test-split flag rate ``--test`` prints.
TEST_SHOWN = (
    "english-wordnet",
    "english-fortunes",
    "news-tt-verified-counter",
    "news-en-fakes",
    "written-eval",
    "quran-en",
    "arabic-general",
    "hate-mlma",
    "offtopic-tweets",
    "ordinary-tweets",
    "scripture-quotes",
    "everyday-eval",
    "religious-eval",
    "tt-pro-mixed",
)


def _test_figures(
    test: list[Example],
    score: Callable[[list[str]], npt.NDArray[np.float64]],
    threshold: float,
    readings: Mapping[str, Reading],
    held_out: set[str],
) -> dict[str, object]:
    """Recall, pooled hard-negative ROC-AUC and flag rate, and some families' flag rates and
    ROC-AUC, of the test split at the out-of-fold threshold; the recall of the positives by
    what their text says (``recall_<reading>``: :mod:`nohaven.classify.stance`); and that of
    the other media's positive families; and the figures of the evaluation-only families' texts
    that no variant learns (``held_out``, by source)."""
    scores = score([example.text for example in test])
    families = np.array([example.family for example in test])
    found = families == "propaganda"
    hard = np.array([role_of(example) is Role.HARD_NEGATIVE for example in test])

    def auc(negative: npt.NDArray[np.bool_]) -> float:
        labels = np.r_[np.ones(found.sum()), np.zeros(negative.sum())]
        return round(float(roc_auc_score(labels, np.r_[scores[found], scores[negative]])), 3)

    out: dict[str, object] = {
        "recall": round(float((scores[found] >= threshold).mean()), 4),
        "hard_auc": auc(hard),
        "hard_flagged": round(float((scores[hard] >= threshold).mean()), 4),
    }
    read = np.array(
        [
            readings.get(example.source, "") if f else ""
            for example, f in zip(test, found, strict=True)
        ],
        dtype=str,
    )
    for reading in Reading:
        inside = read == reading.value
        if inside.any():
            out[f"recall_{reading.value}"] = round(float((scores[inside] >= threshold).mean()), 4)
    arabic = found & arabic_rows(test, found)
    out["recall_ar"] = round(float((scores[arabic] >= threshold).mean()), 4)
    out["arabic_positives_auc_arabic_general"] = round(
        float(
            roc_auc_score(
                np.r_[np.ones(arabic.sum()), np.zeros((families == "arabic-general").sum())],
                np.r_[scores[arabic], scores[families == "arabic-general"]],
            )
        ),
        3,
    )
    for family in TEST_SHOWN:
        inside = families == family
        out[family] = [auc(inside), round(float((scores[inside] >= threshold).mean()), 4)]
    for family in (TITLES, "magazine-jihadist-quotes"):
        inside = families == family
        out[f"recall_{family}"] = round(float((scores[inside] >= threshold).mean()), 4)
    held = np.array([example.source in held_out for example in test])
    out[f"recall_{TITLES}_held_out"] = round(
        float((scores[held & (families == TITLES)] >= threshold).mean()), 4
    )
    for part, name in (
        (families == BIBLE, BIBLE),
        (held & (families == BIBLE), f"{BIBLE}_held_out"),
    ):
        out[name] = [auc(part), round(float((scores[part] >= threshold).mean()), 4)]
    return out


#: The out-of-fold figures summarised over deals of the folds (``--deals``).
_OVER_DEALS = (
    "threshold",
    "recall",
    "recall_stance",
    "auc_hard_negatives",
    "news-tt-verified-counter",
    "everyday_flagged",
    "everyday_eval_flagged",
)


def _over_deals(name: str, runs: list[dict[str, Any]]) -> dict[str, object]:
    """The mean, lowest and highest of :data:`_OVER_DEALS` over one variant's deals, and the
    test split's recall and verified news flagged, likewise, when scored."""
    out: dict[str, object] = {"variant": name, "deals": len(runs)}

    def summary(values: list[float]) -> list[float]:
        return [round(float(np.mean(values)), 4), min(values), max(values)]

    for key in _OVER_DEALS:
        out[key] = summary([float(run[key]) for run in runs])
    tests = [run["test"] for run in runs if isinstance(run.get("test"), dict)]
    if tests:
        out["test_recall"] = summary([float(test["recall"]) for test in tests])
        out["test_news_tt_flagged"] = summary(
            [float(test["news-tt-verified-counter"][1]) for test in tests]
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated")
    parser.add_argument(
        "--test",
        action="store_true",
        help="also score the test split with the model fit on the whole training side "
        "(to confirm a choice made out of fold, never to make it)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="also print the share of the generated demo world's posts (never trained on) "
        "that the model fit on the whole training side flags, by language",
    )
    parser.add_argument(
        "--readings",
        type=Path,
        default=None,
        help="stance readings (CSV source,reading) of the positives, for the unlearnt-* and "
        "none-w* variants (default: the shipped nohaven/classify/data/stance_readings.csv)",
    )
    parser.add_argument(
        "--deals",
        type=int,
        default=1,
        help="run each variant at this many deals of the out-of-fold folds (its own, then at "
        "random with seeds 100, 101 ...) and print the mean, lowest and highest of the main "
        "figures over them: the deal alone moves out-of-fold recall by 4-5 points",
    )
    args = parser.parse_args()
    if args.deals < 1:
        parser.error("--deals must be 1 or more")
    demo: tuple[list[str], npt.NDArray[np.str_]] | None = None
    if args.demo:
        from eval_long_texts import demo_posts

        texts, languages = demo_posts()
        demo = (texts, np.array([language or "" for language in languages]))
    chosen = [name.strip() for name in args.variants.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variants {unknown}; known: {', '.join(VARIANTS)}")
    readings = load_readings(args.readings)
    settings = TrainingSettings()
    # Every positive is scored; each variant leaves out of its training those under its own
    # min_positive_chars.
    corpus = load_corpus(args.data)
    splits: dict[tuple[str, ...], tuple[Split, list[Example], list[Example]]] = {}

    def split_for(learn: tuple[str, ...]) -> tuple[Split, list[Example], list[Example]]:
        """The split, training side and its ambiguous families (tt-pro-mixed, learnt as each
        variant says) when the evaluation-only families ``learn`` are learnt too (split by
        group and time like the trained families)."""
        if learn not in splits:
            chosen_split, trained, _ = training_set(
                corpus,
                replace(
                    settings,
                    min_positive_chars=0,
                    unlearnt_readings=(),
                    learnt_evaluation_families=learn,
                    identity_faiths=FAITHS,
                ),
            )
            ambiguous = [e for e in trained if role_of(e) is Role.AMBIGUOUS]
            trained = [e for e in trained if role_of(e) is not Role.AMBIGUOUS]
            splits[learn] = (chosen_split, trained, ambiguous)
        return splits[learn]

    # The texts of the evaluation-only families that no variant learns (the test side of a
    # split that learns them all): every variant is judged on them alike.
    held_out = {
        example.source for example in split_for(LEARNABLE)[0].test if example.family in LEARNABLE
    }
    # each variant at each deal of the folds: by size (as training deals them), then at random
    runs = [
        (name, VARIANTS[name] if seed is None else replace(VARIANTS[name], fold_seed=seed))
        for name in chosen
        for seed in deal_seeds(args.deals, VARIANTS[name].fold_seed)
    ]
    dealt: dict[str, list[dict[str, Any]]] = {}
    for name, variant in runs:
        started = time.perf_counter()
        split, original, ambiguous = split_for(tuple(sorted(variant.learn)))
        learnt = [example for example in original if example.family not in variant.without]
        learnt += [example for example in ambiguous if example.family in variant.weak]
        if variant.reporters:
            learnt += [
                replace(example, family="propaganda")
                for example in ambiguous
                if example.family == REPORTERS
            ]
        if variant.everyday:
            learnt = learnt + written_everyday("train")
        learnt = [
            example
            for example in learnt
            if example.family != IDENTITY_TRAIN
            or example.source.rsplit(":", 1)[1] in variant.identity_faiths
        ]
        kept = len(learnt)
        # Positives under min_positive_chars are not learnt from (weight 0, so not in the
        # family weights either) but are still scored out of fold: every variant is judged on
        # the same positives.
        # Positives read as one of the variant's unlearnt readings: left out like the short
        # ones, or (with a reading weight) learnt at that weight.
        read_out = np.array(
            [
                example.label == Label.PROPAGANDA.value
                and readings.get(example.source, "") in variant.unlearnt_readings
                for example in learnt
            ],
            dtype=bool,
        )
        skipped = np.array(
            [
                example.label == Label.PROPAGANDA.value
                and len(classifier_text(example.text)) < variant.min_positive_chars
                for example in learnt
            ],
            dtype=bool,
        )
        if not variant.reading_weight:
            skipped |= read_out
        train = learnt + _cut_negatives(
            [example for example, skip in zip(learnt, skipped, strict=True) if not skip],
            variant.short,
            variant.cut_from,
        )
        skipped = np.concatenate([skipped, np.zeros(len(train) - kept, dtype=bool)])
        read_out = np.concatenate([read_out, np.zeros(len(train) - kept, dtype=bool)])
        expert_skip = np.array(
            [
                example.label == Label.PROPAGANDA.value
                and readings.get(example.source, "") in variant.expert_unlearnt
                for example in train
            ],
            dtype=bool,
        )
        cleaned = [classifier_text(example.text) for example in train]
        positive = np.array([example.label == Label.PROPAGANDA.value for example in train])
        families = np.array([example.family for example in train])
        hard = np.array([role_of(example) is Role.HARD_NEGATIVE for example in train])
        weak = np.isin(families, list(variant.weak))
        expert_negatives = hard | weak if variant.weak_expert else hard
        expert_negatives = expert_negatives | np.isin(families, list(variant.expert_families))
        main_skip = weak & (not variant.weak_main)
        groups = [f"{example.family.removesuffix(_CUT)}/{example.group}" for example in train]
        hasher = NgramHasher(2, variant.max_n, variant.bits)
        # With idf: the column scale, learnt from the first texts featurised (the training side).
        idf_scale: list[npt.NDArray[np.float32]] = []

        def featurise(
            cleaned: list[str],
            texts: list[str],
            variant: Variant = variant,
            hasher: NgramHasher = hasher,
            idf_scale: list[npt.NDArray[np.float32]] = idf_scale,
        ) -> sp.csr_matrix:
            if variant.places:
                cleaned = [_mask_places(text) for text in cleaned]
            if not variant.hashes:
                cleaned = [text.replace("#", "") for text in cleaned]
            if variant.artefacts:
                cleaned = [_without_artefacts(text, variant.artefacts) for text in cleaned]
            read = cleaned
            if variant.faiths:
                cleaned = [_mask_faiths(text) for text in cleaned]
            if variant.idf and not idf_scale:
                # learnt from the first texts featurised: the training side
                idf_scale.append(inverse_document_frequency(cleaned, hasher))
            blocks = [hasher.transform(cleaned, idf_scale[0] if variant.idf else None)]
            if variant.handles:
                blocks.append(_token_block([_handles(text) for text in texts], variant.handles))
            if variant.case:
                blocks.append(_token_block([_case_bands(text) for text in texts], variant.case))
            if variant.language:
                languages = [f"lang:{lang}" for lang in _language_groups(texts)]
                blocks.append(_token_block(languages, variant.language))
            if variant.words:
                blocks.append(
                    HashingVectorizer(
                        analyzer="word",
                        ngram_range=(1, 2),
                        n_features=1 << 18,
                        alternate_sign=False,
                        norm="l2",
                        token_pattern=r"(?u)\b\w+\b",
                    ).transform(cleaned)
                    * variant.words
                )
            if variant.length_bins:
                blocks.append(length_columns(cleaned, LENGTH_BINS, variant.length_bins))
            found = cues_of(read) if variant.cue_weight or variant.arabic_cues else None
            if variant.cue_weight:
                blocks.append(cue_columns(read, variant.cue_weight, found=found))
            if variant.arabic_bias:
                script = [float(mostly_arabic(text)) * variant.arabic_bias for text in cleaned]
                blocks.append(sp.csr_matrix(np.array(script)[:, None]))
            if variant.arabic_cues:
                blocks.append(
                    cue_columns(cleaned, variant.arabic_cues, found=found, arabic_only=True)
                )
            return sp.hstack(blocks).tocsr() if len(blocks) > 1 else blocks[0]

        matrix = featurise(cleaned, [example.text for example in train])
        base = np.zeros(len(train))
        base[~skipped] = family_weights(
            [example for example, skip in zip(train, skipped, strict=True) if not skip],
            settings.family_weight_power,
            variant.hard_negative_weight,
            variant.positive_account_power,
        )
        if variant.reading_weight:
            # the positives keep their total weight: w 1 learns every positive as they are,
            # w 0 is leaving the read ones out (as unlearnt-*)
            base = reweighed(base, read_out, variant.reading_weight, positive)
        boost = {**variant.boost, **variant.weak}
        if variant.short:
            boost[_CUT] = variant.short_weight
        weights = _weights(
            base,
            families,
            Variant(boost=boost, from_controls=variant.from_controls),
            ~positive,
            hard,
        )
        if variant.negative_account_power != 1.0:
            by_account = np.array([example.group.startswith("twitter:") for example in train])
            for family in sorted(set(families[~positive].tolist())):
                inside = (families == family) & by_account
                if inside.any():
                    weights = account_balanced(
                        weights, inside, groups, variant.negative_account_power
                    )
        if TITLES in variant.learn:
            weights = reweighed(weights, families == TITLES, variant.titles, positive)
        if variant.arabic_positive_boost != 1.0:
            arabic = arabic_rows(train, positive)
            weights = reweighed(weights, arabic, variant.arabic_positive_boost, positive)
        if variant.length_balance:
            weights = length_balanced(weights, cleaned, positive)
        if variant.lang_balance:
            weights = language_balanced(
                weights, example_languages(train), positive, variant.lang_balance
            )

        def plain_fit(
            fit: npt.NDArray[np.int64],
            held: npt.NDArray[np.int64],
            matrix: sp.csr_matrix = matrix,
            weights: npt.NDArray[np.float64] = weights,
            c: float = variant.c,
            positive: npt.NDArray[np.bool_] = positive,
            variant: Variant = variant,
            hashed: int = hasher.n_features,
            hard: npt.NDArray[np.bool_] = expert_negatives,
            expert_skip: npt.NDArray[np.bool_] = expert_skip,
            groups: list[str] = groups,
            main_skip: npt.NDArray[np.bool_] = main_skip,
        ) -> npt.NDArray[np.float64]:
            learnt, judged = matrix[fit], matrix[held]
            if variant.min_positive_accounts:
                learnt = _account_filtered(
                    learnt,
                    positive[fit],
                    [groups[i] for i in fit],
                    hashed,
                    variant.min_positive_accounts,
                )
            if variant.nb:
                scale = _nb_scale(learnt, positive[fit], weights[fit], hashed, variant)
                learnt, judged = learnt @ scale, judged @ scale
            decide = _linear_fit(
                learnt,
                positive[fit],
                weights[fit],
                hard[fit],
                variant,
                c,
                expert_skip[fit],
                main_skip[fit],
            )
            return decide(judged)

        def fit_and_decide(
            fit: npt.NDArray[np.int64],
            held: npt.NDArray[np.int64],
            share: float = variant.clean,
            plain: Callable[..., npt.NDArray[np.float64]] = plain_fit,
            groups: list[str] = groups,
            positive: npt.NDArray[np.bool_] = positive,
        ) -> npt.NDArray[np.float64]:
            return plain(_cleaned(fit, share, plain, groups, positive), held)

        # folded as the shipped training folds: every copy of a text in one fold
        folds = fold_groups([replace(e, family=e.family.removesuffix(_CUT)) for e in train])
        decisions = out_of_fold(fit_and_decide, folds, settings.folds, variant.fold_seed)
        platt = Platt.fit(decisions[:kept], positive[:kept], weights[:kept])
        # figures on the real texts only: the cut copies are training material
        scores = platt(decisions[:kept])
        positive, families, hard = positive[:kept], families[:kept], hard[:kept]
        weak = weak[:kept]
        lengths = np.array([len(text) for text in cleaned[:kept]])
        # the figures judge the tweets; the titles' recall is reported apart
        titles = families == TITLES
        positive = positive & ~titles
        # the weak negatives are topic, not clean negatives: they never set the threshold
        needs = threshold_by_family(
            scores[~weak], [e for e, w in zip(learnt, weak, strict=True) if not w], settings
        )
        threshold = max(settings.min_threshold, *(item["threshold"] for item in needs.values()))
        judged = positive | hard
        every = _cleaned(
            np.arange(len(train)),
            variant.clean,
            plain_fit,
            groups,
            np.array([e.label == Label.PROPAGANDA.value for e in train]),
        )
        labelled = np.array([e.label == Label.PROPAGANDA.value for e in train])
        whole_scale = (
            _nb_scale(matrix[every], labelled[every], weights[every], hasher.n_features, variant)
            if variant.nb
            else sp.identity(matrix.shape[1], format="csr")
        )
        whole_matrix = matrix[every]
        if variant.min_positive_accounts:
            whole_matrix = _account_filtered(
                whole_matrix,
                labelled[every],
                [groups[i] for i in every],
                hasher.n_features,
                variant.min_positive_accounts,
            )
        whole = _linear_fit(
            whole_matrix @ whole_scale,
            labelled[every],
            weights[every],
            expert_negatives[every],
            variant,
            variant.c,
            expert_skip[every],
            main_skip[every],
        )

        def whole_score(
            texts: list[str],
            scale: sp.spmatrix = whole_scale,
            model: Callable[[sp.csr_matrix], npt.NDArray[np.float64]] = whole,
            platt: Platt = platt,
            featurise: Callable[[list[str], list[str]], sp.csr_matrix] = featurise,
        ) -> npt.NDArray[np.float64]:
            features = featurise([classifier_text(text) for text in texts], texts) @ scale
            scored: npt.NDArray[np.float64] = platt(model(features))
            return scored

        everyday = whole_score(list(EVERYDAY))
        everyday_eval = whole_score([example.text for example in written_everyday("eval")])
        religious_eval = whole_score([example.text for example in written_religious("eval")])
        figures: dict[str, object] = {
            "variant": name,
            "fold_seed": variant.fold_seed,
            "threshold": round(threshold, 4),
            "set_by": next(iter(needs)),
            "recall": round(float((scores[positive] >= threshold).mean()), 4),
            "recall_20_chars_up": round(
                float((scores[positive & (lengths >= 20)] >= threshold).mean()), 4
            ),
            "recall_40_chars_up": round(
                float((scores[positive & (lengths >= 40)] >= threshold).mean()), 4
            ),
            "auc_hard_negatives": round(float(roc_auc_score(positive[judged], scores[judged])), 4),
        }
        # Variants that leave short positives out are judged on the longer ones only: this
        # compares every variant on the same positives.
        longer = (positive & (lengths >= 20)) | hard
        figures["auc_hard_negatives_20_up"] = round(
            float(roc_auc_score(positive[longer], scores[longer])), 4
        )
        for family in SHOWN:
            inside = positive | (families == family)
            figures[family] = round(float(roc_auc_score(positive[inside], scores[inside])), 4)
        # by what the positive says (the shipped readings of the training positives)
        reading_of = np.array([readings.get(e.source, "") for e in learnt], dtype=str)
        for reading in Reading:
            inside = positive & (reading_of == reading.value)
            if inside.any():
                figures[f"recall_{reading.value}"] = round(
                    float((scores[inside] >= threshold).mean()), 4
                )
                pool = inside | hard
                figures[f"auc_hard_{reading.value}"] = round(
                    float(roc_auc_score(positive[pool], scores[pool])), 4
                )
        if titles.any():
            figures["recall_titles"] = round(float((scores[titles] >= threshold).mean()), 4)
        arabic_positive = arabic_rows(learnt, positive)
        figures["recall_ar"] = round(float((scores[arabic_positive] >= threshold).mean()), 4)
        short = lengths < 20
        figures["short_negatives_flagged"] = round(
            float((scores[short & ~positive] >= threshold).mean()), 4
        )
        figures["short_positives_found"] = round(
            float((scores[short & positive] >= threshold).mean()), 4
        )
        for family in (*FLAG_SHOWN, *variant.weak):
            inside = families == family
            if inside.any():
                figures[f"{family}_flagged"] = round(float((scores[inside] >= threshold).mean()), 4)
        if demo is not None:
            demo_flagged = whole_score(demo[0]) >= threshold
            figures["demo_flagged"] = {
                language: round(float(demo_flagged[demo[1] == language].mean()), 4)
                for language in ("en", "fr", "ar")
            }
        figures["everyday_flagged"] = int((everyday >= threshold).sum())
        figures["everyday_flagged_texts"] = [
            text
            for text, value in zip(EVERYDAY, everyday.tolist(), strict=True)
            if value >= threshold
        ]
        figures["everyday_mean"] = round(float(everyday.mean()), 3)
        figures["everyday_eval_flagged"] = int((everyday_eval >= threshold).sum())
        figures["religious_eval_flagged"] = int((religious_eval >= threshold).sum())
        figures["identity"] = _identity_summary(whole_score, threshold)
        if args.test:
            figures["test"] = _test_figures(split.test, whole_score, threshold, readings, held_out)
        figures["seconds"] = round(time.perf_counter() - started, 1)
        print(json.dumps(figures), flush=True)
        dealt.setdefault(name, []).append(figures)
        if args.deals > 1 and len(dealt[name]) == args.deals:
            print(json.dumps(_over_deals(name, dealt[name])), flush=True)


def _identity_summary(
    score: Callable[[list[str]], npt.NDArray[np.float64]], threshold: float
) -> dict[str, object]:
    """The identity templates' eval sentences (nohaven.classify.identity): flagged, and each
    language's largest gap (the identity whose sentences score most above the same sentences
    with the other identities' words of its set) and some identities' gaps; and the identities
    biased on the train files (identity.biased_identities)."""
    items = load_identity_texts("eval")
    figures = identity_figures(items, score([item.text for item in items]), threshold)
    out: dict[str, object] = {"flagged": sum(item.flagged for item in figures.values())}
    # the rule that chose TrainingSettings.identity_faiths, on the train files: read it from
    # the no-identity variant, which learns none of them
    train = load_identity_texts("train")
    on_train = identity_figures(train, score([item.text for item in train]), threshold)
    out["biased_on_train_files"] = list(biased_identities(on_train))
    for language in sorted({item.language for item in figures.values()}):
        mine = [item for item in figures.values() if item.language == language]
        top = max(mine, key=lambda item: item.gap)
        out[f"{language}_max_gap"] = f"{top.identity} {top.gap:+.3f}"
        for identity in ("muslim", "shia", "sunni", "yazidi"):
            out[f"{language}_{identity}_gap"] = round(figures[f"{language}:{identity}"].gap, 3)
    return out


if __name__ == "__main__":
    main()
